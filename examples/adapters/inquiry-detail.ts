import { defineAdapter } from '../../legacy-adapters/index.js';
import { isoToJst } from '../legacy-cs/envelope.js';
import { enumToLegacy, legacyNotFound, legacyOk } from './legacy-answer.js';

interface InquiryDetailData {
  inquiry: null | {
    id: string;
    subject: string;
    category: string;
    status: string;
    createdAt: string;
    updatedAt: string;
    user: { id: string; displayName: string; status: string };
    item: null | { id: string; name: string; price: number; status: string };
    transaction: null | { id: string; status: string; amount: number; createdAt: string };
    messages: { id: string; senderType: string; operatorId: string | null; body: string; createdAt: string }[];
  };
}

/**
 * GET /api/inquiries/:id. Converts faithfully except for three planted differences it leaves
 * visible (docs/sample-domain.md): `item.price` is a number, messages come newest first, and the
 * service's `displayName` bug shows for withdrawn users.
 */
export const inquiryDetailAdapter = defineAdapter<InquiryDetailData>({
  name: 'inquiry-detail',
  route: 'GET /api/inquiries/:id',
  document: /* GraphQL */ `
    query InquiryDetail($id: ID!) {
      inquiry(id: $id) {
        id subject category status createdAt updatedAt
        user { id displayName status }
        item { id name price status }
        transaction { id status amount createdAt }
        messages { id senderType operatorId body createdAt }
      }
    }`,
  variables: (req) => ({ id: req.params.id }),
  toLegacy: ({ data }) => {
    const i = data?.inquiry;
    if (!i) return legacyNotFound();
    return legacyOk({
      inquiry_id: i.id,
      subject: i.subject,
      category: i.category,
      status: enumToLegacy(i.status),
      created_at: isoToJst(i.createdAt),
      updated_at: isoToJst(i.updatedAt),
      user: { user_id: i.user.id, name: i.user.displayName, status: enumToLegacy(i.user.status) },
      item: i.item && { item_id: i.item.id, name: i.item.name, price: i.item.price, status: enumToLegacy(i.item.status) },
      transaction: i.transaction && {
        transaction_id: i.transaction.id,
        status: enumToLegacy(i.transaction.status),
        amount: String(i.transaction.amount),
        created_at: isoToJst(i.transaction.createdAt),
      },
      messages: i.messages.map((m) => ({
        message_id: m.id,
        sender_type: enumToLegacy(m.senderType),
        operator_id: m.operatorId,
        body: m.body,
        created_at: isoToJst(m.createdAt),
      })),
    });
  },
});
