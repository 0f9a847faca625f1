/** Small, realistic read-only data for the Dub workspace: pickers and sample events use it. */
import { DUB_WORKSPACE_BUSINESS } from '../accounts';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const WS = DUB_WORKSPACE_BUSINESS.id;
const USER = 'user_1JSANDBOXALICE0000000001';

export const DUB_FOLDERS: JsonObject[] = [
  {
    id: 'fold_1JSANDBOXMARKETING000001',
    name: 'Marketing',
    description: 'Campaign links',
    type: 'default',
    accessLevel: 'write',
    createdAt: '2026-05-02T09:12:00.000Z',
    updatedAt: '2026-06-11T14:30:00.000Z',
  },
  {
    id: 'fold_1JSANDBOXPARTNERS0000001',
    name: 'Partner links',
    description: null,
    type: 'mega',
    accessLevel: 'read',
    createdAt: '2026-05-20T16:45:00.000Z',
    updatedAt: '2026-05-20T16:45:00.000Z',
  },
];

interface LinkSeed {
  id: string;
  key: string;
  url: string;
  title: string | null;
  folderId: string | null;
  tags: JsonObject[];
  clicks: number;
  leads: number;
  sales: number;
  saleAmount: number;
  createdAt: string;
  lastClicked: string | null;
  partnerId?: string;
  utmCampaign?: string;
}

/** A full link object with every field Dub sends, from the few that differ between fixtures. */
function link(seed: LinkSeed): JsonObject {
  const shortLink = `https://dub.sh/${seed.key}`;
  return {
    id: seed.id,
    domain: 'dub.sh',
    key: seed.key,
    url: seed.url,
    shortLink,
    qrCode: `https://api.dub.co/qr?url=${shortLink}?qr=1`,
    trackConversion: seed.leads > 0,
    externalId: null,
    tenantId: null,
    programId: seed.partnerId ? 'prog_1JSANDBOXPROGRAM00000001' : null,
    partnerId: seed.partnerId ?? null,
    archived: false,
    expiresAt: null,
    expiredUrl: null,
    disabledAt: null,
    password: null,
    proxy: false,
    title: seed.title,
    description: null,
    image: null,
    video: null,
    rewrite: false,
    doIndex: false,
    ios: null,
    android: null,
    geo: null,
    publicStats: false,
    tags: seed.tags,
    folderId: seed.folderId,
    webhookIds: [],
    comments: null,
    utm_source: seed.utmCampaign ? 'newsletter' : null,
    utm_medium: seed.utmCampaign ? 'email' : null,
    utm_campaign: seed.utmCampaign ?? null,
    utm_term: null,
    utm_content: null,
    testVariants: null,
    testStartedAt: null,
    testCompletedAt: null,
    userId: USER,
    workspaceId: WS,
    clicks: seed.clicks,
    leads: seed.leads,
    conversions: Math.min(seed.leads, seed.sales),
    sales: seed.sales,
    saleAmount: seed.saleAmount,
    lastClicked: seed.lastClicked,
    createdAt: seed.createdAt,
    updatedAt: seed.createdAt,
    tagId: null,
    projectId: WS.slice(3),
  };
}

const TAG_LAUNCH = { id: 'tag_1JSANDBOXLAUNCH000000001', name: 'launch', color: 'blue' };

export const DUB_LINKS: JsonObject[] = [
  link({
    // The link the seed payloads (Dub's documented examples) refer to, so they pass link-scope filters.
    id: 'cm0faqkyn0001txvfwjfeq7gl',
    key: '79ys3WA',
    url: 'https://github.com/dubinc/dub',
    title: 'Dub on GitHub',
    folderId: null,
    tags: [],
    clicks: 11,
    leads: 6,
    sales: 10,
    saleAmount: 200000,
    createdAt: '2026-04-29T13:03:59.098Z',
    lastClicked: '2026-07-30T10:16:12.124Z',
  }),
  link({
    id: 'link_1JSANDBOXSPRING00000001',
    key: 'spring26',
    url: 'https://acme.example/spring-sale',
    title: 'Spring sale landing page',
    folderId: 'fold_1JSANDBOXMARKETING000001',
    tags: [TAG_LAUNCH],
    clicks: 1843,
    leads: 97,
    sales: 21,
    saleAmount: 94500,
    createdAt: '2026-05-03T08:00:00.000Z',
    lastClicked: '2026-07-31T18:02:44.301Z',
    utmCampaign: 'spring-sale',
  }),
  link({
    id: 'link_1JSANDBOXPRICING0000001',
    key: 'pricing',
    url: 'https://acme.example/pricing',
    title: null,
    folderId: 'fold_1JSANDBOXMARKETING000001',
    tags: [],
    clicks: 412,
    leads: 0,
    sales: 0,
    saleAmount: 0,
    createdAt: '2026-05-10T11:30:00.000Z',
    lastClicked: '2026-07-29T07:15:00.000Z',
  }),
  link({
    id: 'link_1JSANDBOXSARAH000000001',
    key: 'sarah',
    url: 'https://acme.example/?via=sarah',
    title: 'Sarah Johnson referral',
    folderId: 'fold_1JSANDBOXPARTNERS0000001',
    tags: [],
    clicks: 200,
    leads: 30,
    sales: 15,
    saleAmount: 75000,
    createdAt: '2026-05-21T10:00:00.000Z',
    lastClicked: '2026-07-31T09:41:10.000Z',
    partnerId: 'pn_1JSANDBOXSARAH0000000001',
  }),
];

function linkById(id: string): JsonObject {
  const found = DUB_LINKS.find((candidate) => candidate['id'] === id);
  if (!found) throw new Error(`fixture link ${id} missing`);
  return found;
}

interface ClickSeed {
  id: string;
  timestamp: string;
  linkId: string;
  country: string;
  city: string;
  region: string;
  continent: string;
  device: string;
  browser: string;
  os: string;
  referer: string;
  refererUrl: string;
  qr: boolean;
  ip: string;
}

function click(seed: ClickSeed): JsonObject {
  const target = linkById(seed.linkId);
  return {
    id: seed.id,
    timestamp: seed.timestamp,
    url: target['url'] ?? null,
    country: seed.country,
    city: seed.city,
    region: seed.region,
    continent: seed.continent,
    device: seed.device,
    browser: seed.browser,
    os: seed.os,
    trigger: seed.qr ? 'qr' : 'link',
    referer: seed.referer,
    refererUrl: seed.refererUrl,
    qr: seed.qr,
    ip: seed.ip,
  };
}

const CLICKS: ClickSeed[] = [
  {
    id: 'ckSANDBOX0000001',
    timestamp: '2026-07-31T18:02:44.301Z',
    linkId: 'link_1JSANDBOXSPRING00000001',
    country: 'US',
    city: 'Austin',
    region: 'US-TX',
    continent: 'NA',
    device: 'Mobile',
    browser: 'Safari',
    os: 'iOS',
    referer: 'instagram.com',
    refererUrl: 'https://l.instagram.com/',
    qr: false,
    ip: '203.0.113.24',
  },
  {
    id: 'ckSANDBOX0000002',
    timestamp: '2026-07-31T09:41:10.000Z',
    linkId: 'link_1JSANDBOXSARAH000000001',
    country: 'DE',
    city: 'Berlin',
    region: 'DE-BE',
    continent: 'EU',
    device: 'Desktop',
    browser: 'Firefox',
    os: 'Linux',
    referer: '(direct)',
    refererUrl: '(direct)',
    qr: false,
    ip: '198.51.100.7',
  },
  {
    id: 'ckSANDBOX0000003',
    timestamp: '2026-07-30T10:16:12.124Z',
    linkId: 'cm0faqkyn0001txvfwjfeq7gl',
    country: 'US',
    city: 'San Francisco',
    region: 'US-CA',
    continent: 'NA',
    device: 'Desktop',
    browser: 'Chrome',
    os: 'Mac OS',
    referer: 'github.com',
    refererUrl: 'https://github.com/',
    qr: true,
    ip: '192.0.2.109',
  },
];

const clickById = (id: string): JsonObject => {
  const seed = CLICKS.find((candidate) => candidate.id === id);
  if (!seed) throw new Error(`fixture click ${id} missing`);
  return click(seed);
};

const CUSTOMER_JOHN: JsonObject = {
  id: 'cus_1JSANDBOXJOHN00000000001',
  externalId: 'user_4821',
  name: 'John Doe',
  email: 'john@example.com',
  avatar: 'https://avatar.vercel.sh/john',
  country: 'US',
  sales: 2,
  saleAmount: 9000,
  createdAt: '2026-07-31T18:05:10.000Z',
};

const CUSTOMER_LENA: JsonObject = {
  id: 'cus_1JSANDBOXLENA00000000001',
  externalId: 'user_4822',
  name: 'Lena Vogel',
  email: 'lena@example.de',
  avatar: null,
  country: 'DE',
  sales: 1,
  saleAmount: 4500,
  createdAt: '2026-07-31T09:50:00.000Z',
};

/** GET /events?event=clicks: `{ event: 'click', timestamp, click, link }`, newest first. */
export const DUB_CLICK_EVENTS: JsonObject[] = CLICKS.map((seed) => ({
  event: 'click',
  timestamp: seed.timestamp,
  click: click(seed),
  link: linkById(seed.linkId),
}));

/** GET /events?event=leads: adds eventId, eventName, customer and metadata. */
export const DUB_LEAD_EVENTS: JsonObject[] = [
  {
    event: 'lead',
    timestamp: '2026-07-31T18:05:10.000Z',
    eventId: 'Qm8xSANDBOXlead01',
    eventName: 'Sign up',
    click: clickById('ckSANDBOX0000001'),
    link: linkById('link_1JSANDBOXSPRING00000001'),
    customer: CUSTOMER_JOHN,
    metadata: null,
  },
  {
    event: 'lead',
    timestamp: '2026-07-31T09:50:00.000Z',
    eventId: 'Qm8xSANDBOXlead02',
    eventName: 'Sign up',
    click: clickById('ckSANDBOX0000002'),
    link: linkById('link_1JSANDBOXSARAH000000001'),
    customer: CUSTOMER_LENA,
    metadata: { plan: 'trial' },
  },
];

/** GET /events?event=sales: a lead's fields plus `sale` (amount in cents). */
export const DUB_SALE_EVENTS: JsonObject[] = [
  {
    event: 'sale',
    timestamp: '2026-07-31T18:20:00.000Z',
    eventId: 'Qm8xSANDBOXsale01',
    eventName: 'Invoice paid',
    click: clickById('ckSANDBOX0000001'),
    link: linkById('link_1JSANDBOXSPRING00000001'),
    customer: CUSTOMER_JOHN,
    sale: { amount: 4500, currency: 'usd', paymentProcessor: 'stripe', invoiceId: 'in_1SANDBOX0001' },
    saleAmount: 4500,
    metadata: null,
  },
  {
    event: 'sale',
    timestamp: '2026-07-31T10:02:00.000Z',
    eventId: 'Qm8xSANDBOXsale02',
    eventName: 'Subscription created',
    click: clickById('ckSANDBOX0000002'),
    link: linkById('link_1JSANDBOXSARAH000000001'),
    customer: CUSTOMER_LENA,
    sale: { amount: 4500, currency: 'eur', paymentProcessor: 'paddle', invoiceId: null },
    saleAmount: 4500,
    metadata: null,
  },
];

const PARTNER_SARAH: JsonObject = {
  id: 'pn_1JSANDBOXSARAH0000000001',
  name: 'Sarah Johnson',
  email: 'sarah@partner.example',
  image: 'https://avatar.vercel.sh/sarah',
  country: 'US',
  tenantId: null,
  status: 'approved',
};

const PARTNER_MARCO: JsonObject = {
  id: 'pn_1JSANDBOXMARCO0000000001',
  name: 'Marco Rossi',
  email: 'marco@partner.example',
  image: null,
  country: 'IT',
  tenantId: 'tenant_marco',
  status: 'approved',
};

export const DUB_PARTNERS: JsonObject[] = [
  {
    ...PARTNER_SARAH,
    programId: 'prog_1JSANDBOXPROGRAM00000001',
    groupId: 'grp_1JSANDBOXDEFAULT00000001',
    links: [{ id: 'link_1JSANDBOXSARAH000000001', shortLink: 'https://dub.sh/sarah', clicks: 200, leads: 30, sales: 15, saleAmount: 75000 }],
    totalClicks: 200,
    totalLeads: 30,
    totalConversions: 15,
    totalSales: 15,
    totalSaleAmount: 75000,
    totalCommissions: 7500,
    createdAt: '2026-05-21T10:00:00.000Z',
  },
  {
    ...PARTNER_MARCO,
    programId: 'prog_1JSANDBOXPROGRAM00000001',
    groupId: 'grp_1JSANDBOXDEFAULT00000001',
    links: [],
    totalClicks: 0,
    totalLeads: 0,
    totalConversions: 0,
    totalSales: 0,
    totalSaleAmount: 0,
    totalCommissions: 0,
    createdAt: '2026-07-15T12:00:00.000Z',
  },
];

export const DUB_COMMISSIONS: JsonObject[] = [
  {
    id: 'cm_1JSANDBOXCOMMISSION00001',
    type: 'sale',
    amount: 4500,
    earnings: 450,
    currency: 'usd',
    status: 'pending',
    invoiceId: 'in_1SANDBOX0001',
    description: null,
    quantity: 1,
    userId: null,
    createdAt: '2026-07-31T18:20:01.000Z',
    updatedAt: '2026-07-31T18:20:01.000Z',
    partner: PARTNER_SARAH,
    customer: CUSTOMER_JOHN,
    link: { id: 'link_1JSANDBOXSARAH000000001', shortLink: 'https://dub.sh/sarah', domain: 'dub.sh', key: 'sarah' },
  },
  {
    id: 'cm_1JSANDBOXCOMMISSION00002',
    type: 'custom',
    amount: 0,
    earnings: 2500,
    currency: 'usd',
    status: 'processed',
    invoiceId: null,
    description: 'Launch bonus',
    quantity: 1,
    userId: USER,
    createdAt: '2026-07-01T09:00:00.000Z',
    updatedAt: '2026-07-02T09:00:00.000Z',
    partner: PARTNER_SARAH,
    customer: null,
    link: null,
  },
];

export const DUB_PAYOUTS: JsonObject[] = [
  {
    id: 'po_1JSANDBOXPAYOUT000000001',
    invoiceId: 'inv_1JSANDBOXINVOICE0000001',
    amount: 7500,
    currency: 'usd',
    status: 'processing',
    description: 'Dub Partners payout (Acme)',
    periodStart: '2026-06-01T00:00:00.000Z',
    periodEnd: '2026-06-30T23:59:59.999Z',
    createdAt: '2026-07-01T08:00:00.000Z',
    initiatedAt: '2026-07-01T08:05:00.000Z',
    paidAt: null,
    mode: 'external',
    method: null,
    partner: PARTNER_SARAH,
  },
];

/** Pending applications (GET /partners/applications), as partner.application_submitted carries them, newest first. */
export const DUB_PARTNER_APPLICATIONS: JsonObject[] = [
  {
    id: 'pga_1JSANDBOXAPPLICATION0001',
    createdAt: '2026-08-02T14:10:00.000Z',
    partner: {
      id: 'pn_1JSANDBOXLENA00000000001',
      name: 'Lena Berg',
      email: 'lena@creator.example',
      image: null,
      description: 'Tech reviews on YouTube.',
      country: 'DE',
      status: 'pending',
      tenantId: null,
      groupId: 'grp_1JSANDBOXDEFAULT00000001',
      website: 'https://lena.example',
      youtube: 'lenaberg',
      twitter: null,
      linkedin: null,
      instagram: null,
      tiktok: null,
      createdAt: '2026-08-02T14:09:12.000Z',
    },
    applicationFormData: [
      { label: 'How will you promote us?', value: 'A review video and a pinned link.' },
      { label: 'Audience size', value: null },
    ],
  },
];

/** The program's bounties (GET /bounties answers them all, in no stated order). */
export const DUB_BOUNTIES: JsonObject[] = [
  {
    id: 'bnty_1JSANDBOXREVIEW00000001',
    name: 'Publish a review',
    description: 'Write an honest review on your blog.',
    type: 'submission',
    startsAt: '2026-07-01T00:00:00.000Z',
    endsAt: '2026-09-30T00:00:00.000Z',
    submissionsOpenAt: null,
    submissionFrequency: null,
    maxSubmissions: 1,
    rewardAmount: 7500,
    rewardDescription: null,
    submissionRequirements: { url: { max: 1 } },
    performanceScope: null,
    performanceCondition: null,
    groups: [{ id: 'grp_1JSANDBOXDEFAULT00000001' }],
    partnerTags: [],
  },
  {
    id: 'bnty_1JSANDBOXTENSALES000001',
    name: 'Earn $500 in sales',
    description: null,
    type: 'performance',
    startsAt: '2026-08-01T00:00:00.000Z',
    endsAt: null,
    submissionsOpenAt: null,
    submissionFrequency: null,
    maxSubmissions: 1,
    rewardAmount: 5000,
    rewardDescription: null,
    submissionRequirements: null,
    performanceScope: 'new',
    performanceCondition: { attribute: 'totalSaleAmount', operator: 'gte', value: 50000 },
    groups: [],
    partnerTags: [],
  },
];

/** The program's discount codes (GET /discount-codes, Dub's current DiscountCodeSchema: no discount object, no time). */
export const DUB_DISCOUNT_CODES: JsonObject[] = [
  {
    id: 'dcode_1JSANDBOXSARAH20000001',
    code: 'SARAH20',
    discountId: 'disc_1JSANDBOXTWENTY0000001',
    partnerId: 'pn_1JSANDBOXSARAH0000000001',
    linkId: 'link_1JSANDBOXSARAH000000001',
    disabledAt: null,
  },
];

/** `count` folders beyond the fixed ones ("Folder 003" …), oldest last, for pickers that must page through them all. */
export function generatedFolders(count: number): JsonObject[] {
  return Array.from({ length: count }, (_, index) => {
    const number = String(index + DUB_FOLDERS.length + 1).padStart(3, '0');
    return {
      id: `fold_1JSANDBOXGENERATED${number}`,
      name: `Folder ${number}`,
      description: null,
      type: 'default',
      accessLevel: 'write',
      createdAt: '2026-08-01T00:00:00.000Z',
      updatedAt: '2026-08-01T00:00:00.000Z',
    };
  });
}
