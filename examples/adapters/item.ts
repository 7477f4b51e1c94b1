import { defineAdapter } from '../../legacy-adapters/index.js';
import { isoToJst } from '../legacy-cs/envelope.js';
import { enumToLegacy, legacyNotFound, legacyOk } from './legacy-answer.js';

interface ItemData {
  item: null | {
    id: string;
    name: string;
    price: number;
    status: string;
    hiddenReason: string | null;
    createdAt: string;
    updatedAt: string;
    seller: { id: string; nickname: string | null };
  };
}

/** GET /api/items/:id, converted faithfully (no planted difference): the price goes back to a string. */
export const itemAdapter = defineAdapter<ItemData>({
  name: 'item',
  route: 'GET /api/items/:id',
  document: /* GraphQL */ `
    query Item($id: ID!) {
      item(id: $id) { id name price status hiddenReason createdAt updatedAt seller { id nickname } }
    }`,
  variables: (req) => ({ id: req.params.id }),
  toLegacy: ({ data }) => {
    const i = data?.item;
    if (!i) return legacyNotFound();
    return legacyOk({
      item_id: i.id,
      name: i.name,
      price: String(i.price),
      status: enumToLegacy(i.status),
      hidden_reason: i.hiddenReason,
      seller: { user_id: i.seller.id, nickname: i.seller.nickname },
      created_at: isoToJst(i.createdAt),
      updated_at: isoToJst(i.updatedAt),
    });
  },
});
