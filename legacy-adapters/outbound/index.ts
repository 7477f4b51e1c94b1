// Small wrappers for outbound calls, composed onto an undici dispatcher with `dispatcher.compose(…)`.
export { afterMs, deadline, DeadlineExceeded, type DeadlineOptions, type OnDeadline } from './deadline.js';
export { sizeCap, ResponseTooLarge, type SizeCapOptions } from './size-cap.js';
export { staticHeaders } from './static-headers.js';
