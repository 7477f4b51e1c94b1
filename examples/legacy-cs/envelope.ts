/**
 * The legacy PHP tool's answer shape: `{"result":"OK","data":…}` or
 * `{"result":"NG","error":{"code":…,"message":…}}`, snake_case keys, ids and money as strings,
 * `Y-m-d H:i:s` timestamps in JST. Adapters that must answer like legacy use the same helpers.
 */

/** A legacy error code and its operator-facing (Japanese) message. */
export interface LegacyErrorDef {
  code: string;
  message: string;
  status: number;
}

/** The legacy tool's error codes (PHP constants in the original). */
export const LEGACY_ERRORS = {
  notFound: { code: 'E_NOT_FOUND', message: 'データが見つかりません', status: 404 },
  validation: { code: 'E_VALIDATION', message: '入力内容に誤りがあります', status: 400 },
  system: { code: 'E_SYSTEM', message: 'システムエラーが発生しました。時間をおいて再度お試しください。', status: 500 },
} as const satisfies Record<string, LegacyErrorDef>;

/** `{"result":"OK","data":data}`. */
export function okEnvelope(data: unknown): { result: 'OK'; data: unknown } {
  return { result: 'OK', data };
}

/** `{"result":"NG","error":{code,message}}`; `detail` is appended to the message like the PHP app did. */
export function ngEnvelope(def: LegacyErrorDef, detail?: string): { result: 'NG'; error: { code: string; message: string } } {
  return { result: 'NG', error: { code: def.code, message: detail ? `${def.message}: ${detail}` : def.message } };
}

const JST_OFFSET_MS = 9 * 3_600_000;

/** Epoch ms → PHP `date('Y-m-d H:i:s')` in Asia/Tokyo (JST has no daylight saving). */
export function formatJst(epochMs: number): string {
  return new Date(epochMs + JST_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** ISO-8601 (any offset) → legacy JST `Y-m-d H:i:s`. */
export function isoToJst(iso: string): string {
  return formatJst(Date.parse(iso));
}

/** PHP `intval`-like parse of a query value: the leading integer, or `fallback`. */
export function intParam(value: string | null, fallback: number): number {
  const n = value === null ? NaN : parseInt(value, 10);
  return Number.isFinite(n) ? n : fallback;
}

/** Paging as the legacy list endpoint reads it: page ≥ 1, 1 ≤ per_page ≤ 100, defaults 1 and 20. */
export function legacyPaging(query: URLSearchParams): { page: number; perPage: number } {
  const page = Math.max(1, intParam(query.get('page'), 1));
  const perPage = Math.min(100, Math.max(1, intParam(query.get('per_page'), 20)));
  return { page, perPage };
}

/** Reply body rules of the legacy form: required, at most 2000 characters. Returns the problem or null. */
export function replyBodyProblem(body: unknown): string | null {
  if (typeof body !== 'string' || body.trim() === '') return '本文は必須です';
  if ([...body].length > 2000) return '本文は2000文字以内で入力してください';
  return null;
}
