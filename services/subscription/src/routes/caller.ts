import { forbidden } from '../../../kit/errors.ts';
import { requireCaller, type Caller } from '../../../kit/sentinel/guard.ts';

/** The caller the Sentinel guard authenticated. */
export const callerOf = requireCaller;

/** The agent key the service signs its replies with. */
export const SERVICE_AGENT_KEY = 'subscription-service';

/**
 * 403 when the caller is the router. The router sends its own token to every agent it calls,
 * so a token replayed by an agent must not change anyone's subscriptions.
 */
export function refuseRouter(caller: Caller, routerIds: ReadonlySet<string>): void {
  if (routerIds.has(caller.agentUserId.toLowerCase())) {
    throw forbidden('the router identity may not change subscriptions');
  }
}
