import { randomUUID } from 'node:crypto';

/** Who asked the router to send a message: the authenticated original sender. */
export interface OriginalSender {
  /** The sender's self-declared `envelope.sender_agent_key`. */
  readonly agentKey: string;
  /** The sender's authenticated Sentinel agent user id. */
  readonly agentUserId: string;
  /** The sender's `envelope.message_id`. */
  readonly messageId: string;
}

/** Headers naming the original sender to the receiving agent (the router signs the call). */
export const ORIGINAL_SENDER_HEADER = 'x-traylinx-original-sender';
export const ORIGINAL_USER_ID_HEADER = 'x-traylinx-original-user-id';

/**
 * The A2A message the router sends to an agent: a new message id, the router as sender and
 * `on_behalf_of` naming the original sender; receivers trust it because the router's own A2A
 * credentials sign the call and only the router sets it.
 */
export function forwardedMessage(
  routerAgentKey: string,
  sender: OriginalSender,
  action: string,
  payload: unknown,
): object {
  return {
    envelope: {
      message_id: randomUUID(),
      sender_agent_key: routerAgentKey,
      timestamp: new Date().toISOString(),
      on_behalf_of: {
        agent_key: sender.agentKey,
        agent_user_id: sender.agentUserId,
        message_id: sender.messageId,
      },
    },
    action,
    payload,
  };
}

/** The original-sender headers added to the router's own A2A headers. */
export function originalSenderHeaders(sender: OriginalSender): Record<string, string> {
  return {
    [ORIGINAL_SENDER_HEADER]: sender.agentKey,
    [ORIGINAL_USER_ID_HEADER]: sender.agentUserId,
  };
}
