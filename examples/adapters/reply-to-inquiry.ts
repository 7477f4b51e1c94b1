import { defineAdapter } from '../../legacy-adapters/index.js';
import type { AdapterRequest } from '../../legacy-adapters/index.js';
import { isoToJst, replyBodyProblem } from '../legacy-cs/envelope.js';
import { INQUIRY_STATUSES } from '../sample-data/schema.js';
import { enumToLegacy, legacyOk, legacyToEnum, legacyValidation, mapNotFound } from './legacy-answer.js';

interface ReplyData {
  replyToInquiry: {
    dryRun: boolean;
    inquiryId: string;
    status: string;
    message: { id: string };
    /** Selected by the dry-run document only: the inquiry as the reply would leave it. */
    inquiry?: { status: string; updatedAt: string };
  };
}

/** The fields of the inquiry a reply changes, as legacy shows them. */
const REPLY_EFFECTS = ['status', 'updated_at'] as const;

const form = (req: AdapterRequest): Record<string, unknown> => {
  const body = req.json();
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
};

const variables = (req: AdapterRequest, dryRun: boolean) => {
  const f = form(req);
  const status = f.status === undefined || f.status === '' ? 'pending' : String(f.status);
  return { id: req.params.id, body: f.body, status: legacyToEnum(status), dryRun };
};

/** POST /api/inquiries/:id/reply (form or JSON body), with a dry-run form for shadowing. No planted difference. */
export const replyToInquiryAdapter = defineAdapter<ReplyData>({
  name: 'reply-to-inquiry',
  route: 'POST /api/inquiries/:id/reply',
  document: /* GraphQL */ `
    mutation ReplyToInquiry($id: ID!, $body: String!, $status: InquiryStatus, $dryRun: Boolean) {
      replyToInquiry(id: $id, body: $body, status: $status, dryRun: $dryRun) {
        dryRun inquiryId status message { id }
      }
    }`,
  // Legacy checks the form before it looks the inquiry up; so does the adapter, with legacy's words.
  precheck: (req) => {
    const f = form(req);
    const problem = replyBodyProblem(f.body);
    if (problem) return legacyValidation(problem);
    const status = f.status === undefined || f.status === '' ? 'pending' : f.status;
    if (typeof status !== 'string' || !(INQUIRY_STATUSES as readonly string[]).includes(status)) {
      return legacyValidation('ステータスの指定が不正です');
    }
    return null;
  },
  variables: (req) => variables(req, false),
  mapErrors: (errors) => mapNotFound(errors),
  toLegacy: ({ data }) => {
    const r = data!.replyToInquiry;
    return legacyOk({ inquiry_id: r.inquiryId, message_id: r.message.id, status: enumToLegacy(r.status) });
  },
  dryRun: {
    // The same mutation, also selecting the inquiry as it would be left: read after the rollback, it would be the old one.
    document: /* GraphQL */ `
      mutation ReplyToInquiryDryRun($id: ID!, $body: String!, $status: InquiryStatus, $dryRun: Boolean) {
        replyToInquiry(id: $id, body: $body, status: $status, dryRun: $dryRun) {
          dryRun inquiryId status message { id }
          inquiry { status updatedAt }
        }
      }`,
    variables: (req) => variables(req, true),
  },
  // A reply moves the inquiry's status and touches updated_at: compare both with legacy's inquiry after its real write.
  effects: {
    entity: 'inquiry',
    legacy: {
      path: (req) => `/api/inquiries/${encodeURIComponent(req.params.id!)}`,
      state: (body) => {
        const data = (body as { data?: Record<string, unknown> } | null)?.data;
        return data ? Object.fromEntries(REPLY_EFFECTS.map((k) => [k, data[k]])) : null;
      },
    },
    candidate: ({ data }) => {
      const i = data?.replyToInquiry.inquiry;
      return i ? { status: enumToLegacy(i.status), updated_at: isoToJst(i.updatedAt) } : null;
    },
  },
});
