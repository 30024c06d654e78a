import { describe, expect, it } from 'vitest';
import { channelsForIncident, type RoutingTable } from '../../../src/domain/routing.js';

const table: RoutingTable = {
  defaultChannel: 'C-ALL',
  routes: [
    { serviceSlug: 'payment-api', urgency: null, channelId: 'C-PAY' },
    { serviceSlug: null, urgency: 'HIGH', channelId: 'C-CRIT' },
  ],
  subscriptions: [
    { channelId: 'C-CRIT', services: null, urgencies: ['HIGH'] },
    { channelId: 'C-ALL', services: null, urgencies: null },
    { channelId: 'C-LOWPAY', services: ['payment-api'], urgencies: ['LOW', 'MEDIUM'] },
  ],
};

describe('channelsForIncident', () => {
  it('keeps the routed channel first (routes precedence), then adds each matching subscription once', () => {
    expect(channelsForIncident(table, 'payment-api', 'HIGH')).toEqual([
      { channelId: 'C-PAY', reasons: ['service channel'] },
      { channelId: 'C-CRIT', reasons: ['subscription (any service at urgency HIGH)'] },
      { channelId: 'C-ALL', reasons: ['subscription (any service at any urgency)'] },
    ]);
    expect(channelsForIncident(table, 'search', 'HIGH')).toEqual([
      { channelId: 'C-CRIT', reasons: ['urgency route', 'subscription (any service at urgency HIGH)'] },
      { channelId: 'C-ALL', reasons: ['subscription (any service at any urgency)'] },
    ]);
    expect(channelsForIncident(table, 'payment-api', 'LOW').map((t) => t.channelId)).toEqual(['C-PAY', 'C-ALL', 'C-LOWPAY']);
    expect(channelsForIncident(table, 'search', 'LOW')).toEqual([{ channelId: 'C-ALL', reasons: ['default channel', 'subscription (any service at any urgency)'] }]);
  });

  it('without subscriptions, reaches exactly the one routed channel, or none', () => {
    const plain = { defaultChannel: null, routes: table.routes };
    expect(channelsForIncident(plain, 'search', 'LOW')).toEqual([]);
    expect(channelsForIncident(plain, 'search', 'HIGH')).toEqual([{ channelId: 'C-CRIT', reasons: ['urgency route'] }]);
  });
});
