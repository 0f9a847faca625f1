import type { App, PlainOutputField, Trigger } from 'zapier-platform-core';
import { dubApp, linklyApp } from './support';
import {
  dateProblems,
  descriptionProblems,
  isIso8601,
  lowerCaseWords,
  sampleMatchProblems,
  sampleProblems,
  styleProblems,
  titleCaseProblems,
} from './style-rules';

type AnyApp = App<Record<string, Trigger>>;

/** A copy of the app with one trigger changed; the rest is shared, untouched. */
function withTrigger(app: AnyApp, key: string, change: (trigger: Trigger) => Trigger): AnyApp {
  const trigger = app.triggers?.[key];
  if (!trigger) throw new Error(`no trigger ${key}`);
  return { ...app, triggers: { ...app.triggers, [key]: change(trigger) } };
}

function withOperation(app: AnyApp, key: string, change: (operation: Record<string, unknown>) => Record<string, unknown>): AnyApp {
  return withTrigger(app, key, (trigger) => ({ ...trigger, operation: change({ ...trigger.operation }) as unknown as Trigger['operation'] }));
}

describe.each([
  ['Dub', dubApp as AnyApp],
  ['Linkly', linklyApp as AnyApp],
])("the %s app follows Zapier's publishing style rules", (_name, app) => {
  it('labels in Title Case: triggers, authentication fields, input and output fields in every configuration', async () => {
    expect(await titleCaseProblems(app)).toEqual([]);
  });

  it('trigger descriptions start with "Triggers when " and end with "."', () => {
    expect(descriptionProblems(app)).toEqual([]);
  });

  it('every visible trigger has a static sample with its id', () => {
    expect(sampleProblems(app)).toEqual([]);
  });

  it('every sample matches its static output fields', () => {
    expect(sampleMatchProblems(app)).toEqual([]);
  });

  it('dates are ISO 8601, in samples and in the samples of the fields each Output choice adds', async () => {
    expect(await dateProblems(app)).toEqual([]);
  });
});

describe('the rules fail when a label, description or sample breaks them', () => {
  it('a trigger label in sentence case', async () => {
    const broken = withTrigger(dubApp, 'sale_created', (trigger) => ({ ...trigger, display: { ...trigger.display, label: 'New sale' } }));
    expect(await titleCaseProblems(broken)).toEqual(['trigger sale_created: label "New sale" is not in Title Case (sale)']);
  });

  it('an output field label in lower case, and a dynamic field that only shows with Output: Both', async () => {
    const lowered: PlainOutputField = { key: 'sale__amount', label: 'sale amount in cents', type: 'integer' };
    const dynamic = async (_z: unknown, bundle: { inputData: { output?: string } }) =>
      bundle.inputData.output === 'both' ? [{ key: 'raw__data__sale__amount', label: 'Raw data sale amount' }] : [];
    const broken = withOperation(dubApp, 'sale_created', (operation) => ({
      ...operation,
      outputFields: [...(operation.outputFields as PlainOutputField[]).filter((field) => typeof field !== 'function' && field.key !== 'sale__amount'), lowered, dynamic],
    }));
    const problems = await titleCaseProblems(broken);
    expect(problems).toContain('trigger sale_created output sale__amount: label "sale amount in cents" is not in Title Case (sale, amount, cents)');
    expect(problems).toContain('trigger sale_created output raw__data__sale__amount {"output":"both"}: label "Raw data sale amount" is not in Title Case (data, sale, amount)');
    expect(problems.filter((problem) => problem.includes('raw__data__sale__amount'))).toHaveLength(1);
  });

  it('an input field label in sentence case', async () => {
    const broken = withOperation(dubApp, 'link_clicked', (operation) => ({
      ...operation,
      inputFields: (operation.inputFields as Array<{ key?: string }>).map((field) => (field.key === 'output' ? { ...field, label: 'Output shape' } : field)),
    }));
    expect(await titleCaseProblems(broken)).toEqual(['trigger link_clicked input output: label "Output shape" is not in Title Case (shape)']);
  });

  it('a description that does not start with "Triggers when", or has no period', () => {
    const unprefixed = withTrigger(linklyApp, 'new_click', (trigger) => ({ ...trigger, display: { ...trigger.display, description: 'Fires on every click.' } }));
    const unfinished = withTrigger(linklyApp, 'new_click', (trigger) => ({ ...trigger, display: { ...trigger.display, description: 'Triggers when someone clicks a link' } }));
    expect(descriptionProblems(unprefixed)).toEqual(['trigger new_click: description "Fires on every click." must start with "Triggers when " and end with "."']);
    expect(descriptionProblems(unfinished)).toHaveLength(1);
  });

  it('a sample without its id, or no sample at all', () => {
    const withoutId = withOperation(dubApp, 'bounty_created', (operation) => {
      const { id: _id, ...sample } = operation.sample as Record<string, unknown>;
      return { ...operation, sample };
    });
    const withoutSample = withOperation(dubApp, 'bounty_created', ({ sample: _sample, ...operation }) => operation);
    expect(sampleProblems(withoutId)).toEqual(['trigger bounty_created: the sample has no "id"']);
    expect(sampleProblems(withoutSample)).toEqual(['trigger bounty_created: no static sample', 'trigger bounty_created: the sample has no "id"']);
  });

  it('a sample with a field the output fields lack, or lacking one they list', () => {
    const broken = withOperation(dubApp, 'payout_confirmed', (operation) => {
      const sample = operation.sample as { payout: Record<string, unknown> };
      const { traceId: _traceId, ...payout } = sample.payout;
      return { ...operation, sample: { ...sample, payout: { ...payout, batchId: 'b_1' } } };
    });
    expect(sampleMatchProblems(broken)).toEqual([
      'trigger payout_confirmed: output field payout__traceId is not in the sample',
      "trigger payout_confirmed: the sample's payout__batchId is not an output field",
    ]);
  });

  it('a date that is not ISO 8601, in a sample or in a field sample', async () => {
    const broken = withOperation(dubApp, 'commission_created', (operation) => {
      const sample = operation.sample as { commission: Record<string, unknown> };
      return { ...operation, sample: { ...sample, commission: { ...sample.commission, updatedAt: '2025-06-10 11:05' } } };
    });
    expect(await dateProblems(broken)).toContain('trigger commission_created sample.commission.updatedAt: "2025-06-10 11:05" is not an ISO 8601 date-time');
  });
});

describe('Title Case and ISO 8601, as the rules read them', () => {
  it.each([
    ['New Discount Code', []],
    ['Created by User ID (Manual Commissions Only)', []],
    ["Partner's Referral Links", []],
    ['Discount Duration in Months (0 Once; Empty for Lifetime)', []],
    ['Which clicks', ['clicks']],
    ['the Event ID', ['the']],
    ['API key', ['key']],
    ['Data iOS Link', []],
  ])('%s', (label, expected) => {
    expect(lowerCaseWords(label)).toEqual(expected);
  });

  it.each([
    ['2025-06-10T11:05:12.512Z', true],
    ['2025-01-15T10:30:00.123456Z', true],
    ['2025-06-10T11:05:12+02:00', true],
    ['2025-06-10 11:05:12', false],
    ['2025-06-10T11:05:12', false],
    ['2025-13-10T11:05:12Z', false],
  ])('%s is ISO 8601: %s', (value, expected) => {
    expect(isIso8601(value)).toBe(expected);
  });
});

it('styleProblems runs every rule (a broken app yields problems from each)', async () => {
  const broken = withTrigger(dubApp, 'lead_created', (trigger) => ({
    ...trigger,
    display: { ...trigger.display, label: 'New lead', description: 'A new lead' },
    operation: { ...trigger.operation, sample: { occurredAt: 'yesterday', extra: '2024-08-30' } } as Trigger['operation'],
  }));
  const problems = await styleProblems(broken);
  expect(problems).toEqual(
    expect.arrayContaining([
      expect.stringContaining('not in Title Case'),
      expect.stringContaining('must start with "Triggers when "'),
      'trigger lead_created: the sample has no "id"',
      expect.stringContaining('is not in the sample'),
      'trigger lead_created sample.extra: "2024-08-30" is not an ISO 8601 date-time',
      expect.stringContaining('"yesterday" is not an ISO 8601 date-time'),
    ]),
  );
});
