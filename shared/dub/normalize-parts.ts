import type { Click, Customer, LinkSummary, Partner } from '../normalized/parts';
import { countryCode, currencyCode, orNull, toUtcIsoOrNull } from '../normalized/values';
import type { DubClick, DubCustomer, DubLink, DubPartner } from './payload-parts';

/** Maps Dub's objects to the shared normalized parts. */

/** The envelope's id and createdAt are null when they did not read (listed in unreadFields). */
interface DubEnvelope {
  id: string | null;
  event: string;
  createdAt: string | null;
}

export function envelopeOf(delivery: DubEnvelope) {
  return {
    id: delivery.id,
    provider: 'dub' as const,
    event: delivery.event,
    occurredAt: toUtcIsoOrNull(delivery.createdAt),
  };
}

/**
 * The envelope fields followed by the event's own. Object.assign rather than a spread: V8 turns `{ ...a, b, c, … }`
 * into a slow dictionary object, which `npm run bench` showed costing more than the rest of a delivery together.
 */
export function withEnvelope<T extends object>(delivery: DubEnvelope, fields: T) {
  return Object.assign(envelopeOf(delivery), fields);
}

export function linkSummary(link: DubLink): LinkSummary {
  return {
    id: link.id,
    // Older payloads may lack shortLink; Dub builds it from the domain and key the same way (none when either did not read).
    shortUrl: link.shortLink ?? (link.domain !== null && link.key !== null ? `https://${link.domain}/${link.key}` : null),
    destinationUrl: orNull(link.url),
    domain: link.domain,
    key: link.key,
    title: orNull(link.title),
    externalId: orNull(link.externalId),
    programId: orNull(link.programId),
    partnerId: orNull(link.partnerId),
    tenantId: orNull(link.tenantId),
  };
}

/** Dub records no bot clicks, so a missing `bot` flag means a human. */
export function click(raw: DubClick, fallbackTimestamp: string | null): Click {
  return {
    id: raw.id ?? raw.clickId ?? null,
    timestamp: toUtcIsoOrNull(raw.timestamp ?? fallbackTimestamp),
    country: countryCode(raw.country),
    city: orNull(raw.city),
    region: orNull(raw.region),
    continent: orNull(raw.continent),
    device: orNull(raw.device),
    browser: orNull(raw.browser),
    os: orNull(raw.os),
    referer: orNull(raw.referer),
    refererUrl: orNull(raw.refererUrl),
    destinationUrl: orNull(raw.url),
    isBot: raw.bot ?? false,
    botName: null,
    isQr: raw.qr ?? false,
    isEu: null,
    ip: orNull(raw.ip),
    userAgent: orNull(raw.ua),
    isp: null,
    params: null,
  };
}

export function customer(raw: DubCustomer): Customer {
  return {
    id: raw.id,
    externalId: orNull(raw.externalId),
    name: orNull(raw.name),
    email: orNull(raw.email),
    avatar: orNull(raw.avatar),
    // Dub drops the customer's country from lead and sale deliveries; commissions carry it.
    country: countryCode(raw.country),
    stripeCustomerId: orNull(raw.stripeCustomerId),
    sales: orNull(raw.sales),
    saleAmount: orNull(raw.saleAmount),
    firstSaleAt: toUtcIsoOrNull(raw.firstSaleAt),
    subscriptionCanceledAt: toUtcIsoOrNull(raw.subscriptionCanceledAt),
    createdAt: toUtcIsoOrNull(raw.createdAt),
  };
}

export function partner(raw: DubPartner): Partner {
  return {
    id: raw.id,
    name: orNull(raw.name),
    username: orNull(raw.username),
    email: orNull(raw.email),
    companyName: orNull(raw.companyName),
    image: orNull(raw.image),
    description: orNull(raw.description),
    country: countryCode(raw.country),
    status: orNull(raw.status),
    programId: orNull(raw.programId),
    tenantId: orNull(raw.tenantId),
    groupId: orNull(raw.groupId),
    website: orNull(raw.website),
    youtube: orNull(raw.youtube),
    twitter: orNull(raw.twitter),
    linkedin: orNull(raw.linkedin),
    instagram: orNull(raw.instagram),
    tiktok: orNull(raw.tiktok),
    payoutsEnabledAt: toUtcIsoOrNull(raw.payoutsEnabledAt),
    createdAt: toUtcIsoOrNull(raw.createdAt),
    totalClicks: orNull(raw.totalClicks),
    totalLeads: orNull(raw.totalLeads),
    totalConversions: orNull(raw.totalConversions),
    totalSales: orNull(raw.totalSales),
    totalSaleAmount: orNull(raw.totalSaleAmount),
    totalCommissions: orNull(raw.totalCommissions),
  };
}

/** A commission as a webhook carries it, or as a partner's postback does (without invoice, author or update time). */
interface DubCommission {
  id: string | null;
  type?: string | null;
  status?: string | null;
  amount: number | null;
  currency: string | null;
  earnings: number | null;
  quantity?: number | null;
  description?: string | null;
  invoiceId?: string | null;
  userId?: string | null;
  createdAt?: string | null;
  updatedAt?: string | null;
}

/** A clawback is negative earnings; unknown when the earnings did not read. */
export function commission(data: DubCommission) {
  return {
    id: data.id,
    type: orNull(data.type),
    status: orNull(data.status),
    amount: data.amount,
    currency: currencyCode(data.currency),
    earnings: data.earnings,
    isClawback: data.earnings === null ? null : data.earnings < 0,
    quantity: orNull(data.quantity),
    description: orNull(data.description),
    invoiceId: orNull(data.invoiceId),
    createdByUserId: orNull(data.userId),
    createdAt: toUtcIsoOrNull(data.createdAt),
    updatedAt: toUtcIsoOrNull(data.updatedAt),
  };
}
