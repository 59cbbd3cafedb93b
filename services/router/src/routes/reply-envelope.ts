import { randomUUID } from 'node:crypto';

/** The envelope on the router's own replies. */
export function replyEnvelope(routerAgentKey: string, inReplyTo: string): object {
  return {
    message_id: randomUUID(),
    sender_agent_key: routerAgentKey,
    timestamp: new Date().toISOString(),
    in_reply_to: inReplyTo,
  };
}
