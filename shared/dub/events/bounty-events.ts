import * as z from '../../zod';
import { defineEvent } from '../../catalogue/define-event';
import { orNull, toUtcIsoOrNull } from '../../normalized/values';
import { withEnvelope } from '../normalize-parts';
import { dubEnvelope, optionalCount, optionalText, optionalTimestamp, requiredId } from '../payload-parts';

const idList = z.array(z.object({ id: requiredId })).nullish();

const bountySchema = z.object({
  id: requiredId,
  name: optionalText,
  description: optionalText,
  type: optionalText,
  rewardAmount: optionalCount,
  rewardDescription: optionalText,
  startMode: optionalText,
  startsAt: optionalTimestamp,
  endsAt: optionalTimestamp,
  endsAfterDays: optionalCount,
  submissionsOpenAt: optionalTimestamp,
  submissionFrequency: optionalText,
  maxSubmissions: optionalCount,
  // An object keyed by requirement ({"image": {…}, "url": {…}}); bounties made before 2025-12 have a list of names.
  submissionRequirements: z.union([z.array(z.string()), z.record(z.string(), z.unknown())]).nullish(),
  performanceScope: optionalText,
  performanceCondition: z.object({ attribute: optionalText, operator: optionalText, value: z.number().nullish() }).nullish(),
  groups: idList,
  partnerTags: idList,
});
type BountyPayload = z.output<typeof bountySchema>;

function bountyEvent<E extends string>(event: E, meta: { key: string; label: string; description: string }) {
  return defineEvent({
    ...meta,
    provider: 'dub',
    event,
    group: 'partners',
    trigger: 'bounty' as const,
    schema: dubEnvelope(event, bountySchema),
    normalize: ({ id, event, createdAt, data }) =>
      withEnvelope({ id, event, createdAt }, {
        trigger: 'bounty' as const,
        bounty: {
          id: data.id,
          name: orNull(data.name),
          description: orNull(data.description),
          type: orNull(data.type),
          rewardAmount: orNull(data.rewardAmount),
          rewardDescription: orNull(data.rewardDescription),
          startMode: orNull(data.startMode),
          startsAt: toUtcIsoOrNull(data.startsAt),
          endsAt: toUtcIsoOrNull(data.endsAt),
          endsAfterDays: orNull(data.endsAfterDays),
          submissionsOpenAt: toUtcIsoOrNull(data.submissionsOpenAt),
          submissionFrequency: orNull(data.submissionFrequency),
          maxSubmissions: orNull(data.maxSubmissions),
          submissionRequirements: requirementNames(data.submissionRequirements),
          performanceScope: orNull(data.performanceScope),
          performanceAttribute: orNull(data.performanceCondition?.attribute),
          performanceOperator: orNull(data.performanceCondition?.operator),
          performanceValue: orNull(data.performanceCondition?.value),
          groupIds: (data.groups ?? []).map((group) => group.id),
          partnerTagIds: (data.partnerTags ?? []).map((tag) => tag.id),
        },
      }),
  });
}

/** The kinds of proof a submission needs (`image`, `url`, `socialMetrics`), whichever form Dub sent them in. */
function requirementNames(requirements: BountyPayload['submissionRequirements']): string[] {
  if (!requirements) return [];
  if (Array.isArray(requirements)) return requirements;
  return Object.keys(requirements).filter((name) => requirements[name] !== null && requirements[name] !== undefined);
}

export const bountyCreated = bountyEvent('bounty.created', {
  key: 'bounty_created',
  label: 'New Bounty',
  description: 'Triggers when a bounty is created in your partner program.',
});

export const bountyUpdated = bountyEvent('bounty.updated', {
  key: 'bounty_updated',
  label: 'Bounty Details Updated',
  description: "Triggers when someone edits a bounty's details (name, description, reward, dates, submission rules or eligible groups).",
});
