import { defineAdapter } from '../../legacy-adapters/index.js';
import type { AdapterRequest } from '../../legacy-adapters/index.js';
import { replyBodyProblem } from '../legacy-cs/envelope.js';
import { INQUIRY_STATUSES } from '../sample-data/schema.js';
import { enumToLegacy, legacyOk, legacyToEnum, legacyValidation, mapNotFound } from './legacy-answer.js';

interface ReplyData {
  replyToInquiry: { dryRun: boolean; inquiryId: string; status: string; message: { id: string } };
}

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
  dryRun: { variables: (req) => variables(req, true) },
});
