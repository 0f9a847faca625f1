import { z } from 'zod/v4';
import { defineEvent } from '../../catalogue/define-event';
import { orNull, toUtcIsoOrNull } from '../../normalized/values';
import { withEnvelope } from '../normalize-parts';
import { dubEnvelope, optionalTimestamp } from '../payload-parts';
import bountyCreatedSample from '../samples/bounty-created.json';
import bountyUpdatedSample from '../samples/bounty-updated.json';

const optionalText = z.string().nullish();

const bountySchema = z.object({
  id: z.string(),
  name: optionalText,
  description: optionalText,
  type: optionalText,
  rewardAmount: z.number().int().nullish(),
  startsAt: optionalTimestamp,
  endsAt: optionalTimestamp,
});

function bountyEvent<E extends string>(event: E, sample: unknown, meta: { key: string; label: string; description: string }) {
  return defineEvent({
    ...meta,
    provider: 'dub',
    event,
    group: 'partners',
    trigger: 'bounty' as const,
    schema: dubEnvelope(event, bountySchema),
    sample,
    normalize: ({ id, event, createdAt, data }) =>
      withEnvelope({ id, event, createdAt }, {
      trigger: 'bounty' as const,
      bounty: {
        id: data.id,
        name: orNull(data.name),
        description: orNull(data.description),
        type: orNull(data.type),
        rewardAmount: orNull(data.rewardAmount),
        startsAt: toUtcIsoOrNull(data.startsAt),
        endsAt: toUtcIsoOrNull(data.endsAt),
      },
    }),
  });
}

export const bountyCreated = bountyEvent('bounty.created', bountyCreatedSample, {
  key: 'bounty_created',
  label: 'New Bounty',
  description: 'Triggers when a bounty is created in your Dub partner program.',
});

export const bountyUpdated = bountyEvent('bounty.updated', bountyUpdatedSample, {
  key: 'bounty_updated',
  label: 'Bounty Updated',
  description: 'Triggers when a bounty in your Dub partner program is changed.',
});
