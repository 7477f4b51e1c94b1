import { defineAdapter } from '../../legacy-adapters/index.js';
import { isoToJst } from '../legacy-cs/envelope.js';
import { enumToLegacy, legacyNotFound, legacyOk } from './legacy-answer.js';

interface UserData {
  user: null | { id: string; nickname: string | null; email: string; status: string; createdAt: string; listedItemCount: number };
}

/** GET /api/users/:id, converted faithfully (no planted difference). */
export const userAdapter = defineAdapter<UserData>({
  name: 'user',
  route: 'GET /api/users/:id',
  document: /* GraphQL */ `
    query User($id: ID!) {
      user(id: $id) { id nickname email status createdAt listedItemCount }
    }`,
  variables: (req) => ({ id: req.params.id }),
  toLegacy: ({ data }) => {
    const u = data?.user;
    if (!u) return legacyNotFound();
    return legacyOk({
      user_id: u.id,
      nickname: u.nickname,
      email: u.email,
      status: enumToLegacy(u.status),
      created_at: isoToJst(u.createdAt),
      listed_item_count: String(u.listedItemCount),
    });
  },
});
