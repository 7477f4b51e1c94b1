import type { Adapter } from '../../legacy-adapters/index.js';
import { inquiryDetailAdapter } from './inquiry-detail.js';
import { inquiryListAdapter } from './inquiry-list.js';
import { userAdapter } from './user.js';
import { itemAdapter } from './item.js';
import { replyToInquiryAdapter } from './reply-to-inquiry.js';
import { hideItemAdapter } from './hide-item.js';

export { inquiryDetailAdapter, inquiryListAdapter, userAdapter, itemAdapter, replyToInquiryAdapter, hideItemAdapter };

/** The built-in adapters of the sample CS domain (routes may name them without an adapters folder). */
export const exampleAdapters: readonly Adapter[] = Object.freeze([
  inquiryDetailAdapter,
  inquiryListAdapter,
  userAdapter,
  itemAdapter,
  replyToInquiryAdapter,
  hideItemAdapter,
]);
