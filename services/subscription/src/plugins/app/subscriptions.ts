import type { FastifyInstance } from 'fastify';

import {
  SubscriptionsRepository,
  type SubscriptionsLimits,
} from '../../repositories/subscriptions-repository.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every query on the subscriptions table. */
    subscriptions: SubscriptionsRepository;
  }
}

/** Decorates `app.subscriptions`; needs `app.prisma` (registerDatabase) first. */
export function registerSubscriptions(
  app: FastifyInstance,
  limits: SubscriptionsLimits = {},
): void {
  app.decorate('subscriptions', new SubscriptionsRepository(app.prisma, limits));
}
