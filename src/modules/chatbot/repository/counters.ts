/**
 * The chat-bot's statistics counters (core/stats-counters, tool `chatbot`): messages in and out, actions
 * by kind, deliveries by outcome. Nothing of the person is counted, only how many.
 */
import { sql } from 'kysely';
import type { Db } from '../../../core/db/database.js';

export type BotMetric = 'messages-in' | 'messages-out' | 'actions' | 'broadcasts' | 'deliveries';

export async function bumpBotCounter(db: Db, c: { communityId: number; metric: BotMetric; dim: string; n: number; at: Date }): Promise<void> {
  if (c.n === 0) return;
  await sql`select stats_bump('chatbot', ${c.metric}, ${c.communityId}, stats_month(${c.at}), 0, ${c.dim}, ${c.n})`.execute(db);
}
