import type { App, Authentication, Bundle, PlainOutputField, Trigger, ZObject } from 'zapier-platform-core';
import type { Provider } from '../../shared';
import { dubApp, linklyApp } from './support';
import {
  authHelpProblems,
  dateProblems,
  descriptionProblems,
  descriptionWordingProblems,
  isIso8601,
  lowerCaseWords,
  outputChoiceProblems,
  sampleMatchProblems,
  sampleProblems,
  serviceFieldProblems,
  styleProblems,
  titleCaseProblems,
  updatedTriggerProblems,
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
  ['Dub', 'dub' as Provider, dubApp as AnyApp],
  ['Linkly', 'linkly' as Provider, linklyApp as AnyApp],
])("the %s app follows Zapier's publishing style rules", (_name, provider, app) => {
  it('labels in Title Case: triggers, authentication fields, input and output fields in every configuration', async () => {
    expect(await titleCaseProblems(app)).toEqual([]);
  });

  it('trigger descriptions start with "Triggers when " and end with "."', () => {
    expect(descriptionProblems(app)).toEqual([]);
  });

  it('every visible trigger has a static sample with its id', () => {
    expect(sampleProblems(app)).toEqual([]);
  });

  it('every sample matches the output fields of the default configuration', async () => {
    expect(await sampleMatchProblems(app)).toEqual([]);
  });

  it("trigger descriptions are one sentence of at most 25 words, without the app's name", () => {
    expect(descriptionWordingProblems(app, provider)).toEqual([]);
  });

  it('triggers on changes say what counts as one, in the label and the description', () => {
    expect(updatedTriggerProblems(app)).toEqual([]);
  });

  it('output fields are only those the service can send, in every configuration', async () => {
    expect(await serviceFieldProblems(app, provider)).toEqual([]);
  });

  it('output fields follow the Output choice: none an item of that shape lacks, each with its sample beyond the default', async () => {
    expect(await outputChoiceProblems(app, provider)).toEqual([]);
  });

  it('every authentication field has help text with a link to where its value is found', () => {
    expect(authHelpProblems(app)).toEqual([]);
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

  it('a sample with a field the output fields lack, or lacking one they list', async () => {
    const broken = withOperation(dubApp, 'payout_confirmed', (operation) => {
      const sample = operation.sample as { payout: Record<string, unknown> };
      const { traceId: _traceId, ...payout } = sample.payout;
      return { ...operation, sample: { ...sample, payout: { ...payout, batchId: 'b_1' } } };
    });
    expect(await sampleMatchProblems(broken)).toEqual([
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

describe("the review rules fail on a copy that breaks them (Zapier's review, issue 14)", () => {
  it('a description that names the app, runs long, or is two sentences (Link Clicked as it was: 31 words)', () => {
    const named = withTrigger(dubApp, 'link_created', (trigger) => ({ ...trigger, display: { ...trigger.display, description: 'Triggers when a short link is created in your Dub workspace.' } }));
    const long = withTrigger(dubApp, 'link_clicked', (trigger) => ({
      ...trigger,
      display: {
        ...trigger.display,
        description:
          'Triggers when someone clicks one of your Dub short links (in the whole workspace, some folders or some links). Dub batches clicks, so they can arrive up to a minute late.',
      },
    }));
    const linkly = withTrigger(linklyApp, 'new_click', (trigger) => ({ ...trigger, display: { ...trigger.display, description: 'Triggers when someone clicks one of your Linkly links.' } }));
    expect(descriptionWordingProblems(named, 'dub')).toEqual(['trigger link_created: description names the app ("Dub"), which Zapier shows beside it']);
    expect(descriptionWordingProblems(long, 'dub')).toEqual([
      'trigger link_clicked: description names the app ("Dub"), which Zapier shows beside it',
      'trigger link_clicked: description has 31 words (at most 25)',
      'trigger link_clicked: description is more than one sentence',
    ]);
    expect(descriptionWordingProblems(linkly, 'linkly')).toHaveLength(1);
  });

  it('"Link Updated" and "Bounty Updated", as they were: neither label nor description says what counts', () => {
    const broken = withTrigger(
      withTrigger(dubApp, 'link_updated', (trigger) => ({ ...trigger, display: { ...trigger.display, label: 'Link Updated', description: 'Triggers when a short link in your workspace is changed.' } })),
      'bounty_updated',
      (trigger) => ({ ...trigger, display: { ...trigger.display, label: 'Bounty Updated' } }),
    );
    expect(updatedTriggerProblems(broken)).toEqual([
      'trigger link_updated: label "Link Updated" does not say what changed',
      'trigger link_updated: description does not list what counts as a change',
      'trigger bounty_updated: label "Bounty Updated" does not say what changed',
    ]);
  });

  it("the other service's fields: Linkly-only ones in the Dub app, a label naming Linkly, a Dub-only field in the Linkly app", async () => {
    const extra = (fields: PlainOutputField[]) => async () => fields;
    const dubBroken = withOperation(dubApp, 'link_clicked', (operation) => ({
      ...operation,
      outputFields: [
        ...(operation.outputFields as unknown[]),
        extra([
          { key: 'click__isp', label: 'Internet Provider (Linkly Only)' },
          { key: 'provider', label: 'Service (Dub or Linkly)' },
        ]),
      ],
    }));
    const linklyBroken = withOperation(linklyApp, 'new_click', (operation) => ({
      ...operation,
      outputFields: [...(operation.outputFields as unknown[]), extra([{ key: 'click__ip', label: 'IP Address' }])],
    }));
    expect(await serviceFieldProblems(dubBroken, 'dub')).toEqual([
      'trigger link_clicked output click__isp: only Linkly can send it',
      'trigger link_clicked output click__isp: label "Internet Provider (Linkly Only)" names another service',
      'trigger link_clicked output provider: label "Service (Dub or Linkly)" names another service',
    ]);
    expect(await serviceFieldProblems(linklyBroken, 'linkly')).toEqual(['trigger new_click output click__ip: only Dub can send it']);
  });

  it('Output = the payload, as it was: the normalized fields still listed beside the payload\'s, and a payload field without its sample', async () => {
    const fieldsOf = (dubApp.triggers as Record<string, Trigger>)['sale_created']?.operation.outputFields?.[0] as (z: ZObject, bundle: Bundle) => Promise<PlainOutputField[]>;
    const normalized = await fieldsOf({} as ZObject, { inputData: {} } as unknown as Bundle);
    const broken = withOperation(dubApp, 'sale_created', (operation) => ({
      ...operation,
      // The old definition: static normalized fields, to which Zapier adds the payload's for Raw.
      outputFields: [
        ...normalized,
        async (_z: ZObject, bundle: Bundle) => (bundle.inputData['output'] === 'raw' ? [{ key: 'data__sale__amount', label: 'Data Sale Amount', type: 'integer' }] : []),
      ],
    }));
    const problems = await outputChoiceProblems(broken, 'dub');
    expect(problems).toContain('trigger sale_created output sale__amount {"output":"raw"}: an item in this shape has no such field');
    expect(problems).toContain('trigger sale_created output customer__email {"output":"raw"}: an item in this shape has no such field');
    expect(problems).toContain('trigger sale_created output data__sale__amount {"output":"raw"}: no sample value');
    expect(problems.filter((problem) => problem.includes('{"output":"normalized"}'))).toEqual([]);
  });

  it('an authentication field whose help has no link (the Linkly fields as they were), in any app', () => {
    const withFields = (app: AnyApp, fields: unknown[]): AnyApp => ({ ...app, authentication: { ...(app.authentication as Authentication), fields } as Authentication });
    const linklyBroken = withFields(linklyApp, [
      { key: 'api_key', label: 'API Key', type: 'password', helpText: 'From Linkly: Settings → API.' },
      { key: 'workspace_id', label: 'Workspace ID', helpText: 'The number shown beside the API key on the same page.' },
    ]);
    const dubKeyApp = withFields(dubApp, [{ key: 'api_key', label: 'API Key', type: 'password', helpText: 'A Restricted API key with Webhooks: Write.' }]);
    expect(authHelpProblems(linklyBroken)).toEqual([
      'authentication field api_key: help text has no link to where the value is found',
      'authentication field workspace_id: help text has no link to where the value is found',
    ]);
    expect(authHelpProblems(dubKeyApp)).toEqual(['authentication field api_key: help text has no link to where the value is found']);
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
  const problems = await styleProblems(broken, 'dub');
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
