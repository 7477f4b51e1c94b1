import { defineAdapter } from '../../legacy-adapters/index.js';
import { legacyPaging } from '../legacy-cs/envelope.js';
import { WITHDRAWN_USER_NAME } from '../legacy-cs/queries.js';
import { INQUIRY_STATUSES } from '../sample-data/schema.js';
import { enumToLegacy, legacyOk, legacyToEnum, legacyValidation } from './legacy-answer.js';

interface InquiryListData {
  inquiries: {
    total: number;
    page: number;
    perPage: number;
    nodes: {
      id: string;
      subject: string;
      category: string;
      status: string;
      createdAt: string;
      updatedAt: string;
      user: { id: string; nickname: string | null };
      item: null | { id: string; name: string };
    }[];
  };
}

const statusFilter = (query: URLSearchParams): string | null => query.get('status') || null;

/**
 * GET /api/inquiries?status=&page=&per_page=. Faithful except the planted difference it keeps:
 * `created_at`/`updated_at` stay ISO-8601 UTC where legacy has JST `Y-m-d H:i:s`.
 */
export const inquiryListAdapter = defineAdapter<InquiryListData>({
  name: 'inquiry-list',
  route: 'GET /api/inquiries',
  document: /* GraphQL */ `
    query InquiryList($status: InquiryStatus, $page: Int!, $perPage: Int!) {
      inquiries(status: $status, page: $page, perPage: $perPage) {
        total page perPage
        nodes {
          id subject category status createdAt updatedAt
          user { id nickname }
          item { id name }
        }
      }
    }`,
  precheck: (req) => {
    const status = statusFilter(req.query);
    return status !== null && !(INQUIRY_STATUSES as readonly string[]).includes(status) ? legacyValidation('ステータスの指定が不正です') : null;
  },
  variables: (req) => {
    const status = statusFilter(req.query);
    const { page, perPage } = legacyPaging(req.query);
    return { status: status === null ? null : legacyToEnum(status), page, perPage };
  },
  toLegacy: ({ data }) => {
    const list = data!.inquiries;
    return legacyOk({
      inquiries: list.nodes.map((n) => ({
        inquiry_id: n.id,
        subject: n.subject,
        category: n.category,
        status: enumToLegacy(n.status),
        user_id: n.user.id,
        user_name: n.user.nickname ?? WITHDRAWN_USER_NAME,
        item_id: n.item?.id ?? null,
        item_name: n.item?.name ?? null,
        created_at: n.createdAt,
        updated_at: n.updatedAt,
      })),
      pagination: { page: list.page, per_page: list.perPage, total: String(list.total) },
    });
  },
});
