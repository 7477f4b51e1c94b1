/** The answer both shadow benches use: a CS inquiry with 24 messages (about 3.6 KB of JSON). */
export const PAYLOAD = JSON.stringify({
  result: 'OK',
  data: {
    inquiry: { id: 123456789012345, status: 'OPEN', subject: 'Item not received', created_at: '2018-10-04 12:00:00' },
    messages: Array.from({ length: 24 }, (_, i) => ({
      id: 1000 + i,
      from: i % 2 ? 'operator' : 'customer',
      body: `Message ${i}: the parcel tracking says delivered but nothing arrived at the door.`,
      at: `2018-10-04 12:${String(i).padStart(2, '0')}:00`,
    })),
  },
});

/** The candidate's answer: the same with one planted difference (`status` in lower case). */
export const CANDIDATE_PAYLOAD = PAYLOAD.replace('"OPEN"', '"open"');
