/** Linkly fixture data: links per workspace (for pickers) and raw click records (for samples). */
import { LINKLY_WORKSPACE_FREE, LINKLY_WORKSPACE_PAID } from '../accounts';

export interface LinklyLink {
  id: number;
  name: string;
  url: string;
  full_url: string;
  domain: string;
  slug: string;
  destination: string;
  workspace_id: number;
  enabled: boolean;
  cloaking: boolean;
  forward_params: boolean;
  block_bots: boolean;
  public_analytics: boolean;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  og_title: string | null;
  og_description: string | null;
  rules: Array<{ what: string; matches: string; url: string }>;
}

function link(id: number, workspaceId: number, name: string, slug: string, url: string, extra: Partial<LinklyLink> = {}): LinklyLink {
  const domain = workspaceId === LINKLY_WORKSPACE_PAID ? 'go.acme.example' : 'linkly.link';
  return {
    id,
    name,
    url,
    full_url: `https://${domain}/${slug}`,
    domain,
    slug: `/${slug}`,
    destination: url,
    workspace_id: workspaceId,
    enabled: true,
    cloaking: false,
    forward_params: true,
    block_bots: true,
    public_analytics: false,
    utm_source: null,
    utm_medium: null,
    utm_campaign: null,
    og_title: null,
    og_description: null,
    rules: [],
    ...extra,
  };
}

export const LINKLY_LINKS: LinklyLink[] = [
  link(101, LINKLY_WORKSPACE_PAID, 'Spring campaign', 'spring', 'https://acme.example/landing-page', {
    utm_source: 'newsletter',
    utm_medium: 'email',
    utm_campaign: 'spring-sale',
    og_title: 'Special Offer',
    og_description: 'Check out our spring sale!',
    rules: [{ what: 'country', matches: 'US', url: 'https://acme.example/us-landing' }],
  }),
  link(102, LINKLY_WORKSPACE_PAID, 'Pricing page', 'pricing', 'https://acme.example/pricing'),
  link(103, LINKLY_WORKSPACE_PAID, 'App download', 'app', 'https://acme.example/download', {
    rules: [
      { what: 'platform', matches: 'ios', url: 'https://apps.apple.com/app/id000000' },
      { what: 'platform', matches: 'android', url: 'https://play.google.com/store/apps/details?id=example.acme' },
    ],
  }),
  link(201, LINKLY_WORKSPACE_FREE, 'Blog', 'blog', 'https://side.example/blog'),
];

export interface LinklyClickRecord {
  timestamp: string;
  link_id: number;
  url: string;
  country: string;
  browser: string;
  platform: string;
  referer: string | null;
  bot: string | null;
  isp: string;
  params: Record<string, string>;
}

/** Newest first, as an export of recent clicks would read. */
export const LINKLY_CLICKS: LinklyClickRecord[] = [
  {
    timestamp: '2026-07-31T18:02:44.301512Z',
    link_id: 101,
    url: 'https://acme.example/us-landing',
    country: 'US',
    browser: 'Safari',
    platform: 'ios',
    referer: 'https://t.co/',
    bot: null,
    isp: 'Comcast',
    params: { utm_source: 'twitter' },
  },
  {
    timestamp: '2026-07-31T11:20:03.118903Z',
    link_id: 103,
    url: 'https://play.google.com/store/apps/details?id=example.acme',
    country: 'GB',
    browser: 'Chrome',
    platform: 'android',
    referer: null,
    bot: null,
    isp: 'BT',
    params: {},
  },
  {
    timestamp: '2026-07-30T23:59:10.000211Z',
    link_id: 102,
    url: 'https://acme.example/pricing',
    country: 'US',
    browser: 'Googlebot',
    platform: 'desktop',
    referer: null,
    bot: 'Googlebot',
    isp: 'Google LLC',
    params: {},
  },
  {
    timestamp: '2026-07-30T08:14:55.730004Z',
    link_id: 201,
    url: 'https://side.example/blog',
    country: 'FR',
    browser: 'Firefox',
    platform: 'desktop',
    referer: 'https://news.ycombinator.com/',
    bot: null,
    isp: 'Orange',
    params: { ref: 'hn' },
  },
];
