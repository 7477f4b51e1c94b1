import { defineAdapter } from '../../legacy-adapters/index.js';
import type { AdapterRequest } from '../../legacy-adapters/index.js';
import { enumToLegacy, legacyOk, legacyValidation, mapNotFound } from './legacy-answer.js';

interface HideItemData {
  hideItem: { dryRun: boolean; item: { id: string; status: string; hiddenReason: string | null } };
}

const reason = (req: AdapterRequest): unknown => {
  const body = req.json();
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>).reason : undefined;
};

/** POST /api/items/:id/hide (form or JSON body `reason`), with a dry-run form. No planted difference. */
export const hideItemAdapter = defineAdapter<HideItemData>({
  name: 'hide-item',
  route: 'POST /api/items/:id/hide',
  document: /* GraphQL */ `
    mutation HideItem($id: ID!, $reason: String!, $dryRun: Boolean) {
      hideItem(id: $id, reason: $reason, dryRun: $dryRun) { dryRun item { id status hiddenReason } }
    }`,
  precheck: (req) => {
    const r = reason(req);
    return typeof r !== 'string' || r.trim() === '' ? legacyValidation('非表示の理由は必須です') : null;
  },
  variables: (req) => ({ id: req.params.id, reason: reason(req), dryRun: false }),
  mapErrors: (errors) => mapNotFound(errors),
  toLegacy: ({ data }) => {
    const { item } = data!.hideItem;
    return legacyOk({ item_id: item.id, status: enumToLegacy(item.status), hidden_reason: item.hiddenReason });
  },
  dryRun: { variables: (req) => ({ id: req.params.id, reason: reason(req), dryRun: true }) },
});
