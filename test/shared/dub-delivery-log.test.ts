/** Reading Dub's delivery log (GET /webhooks/{id}/events): which events wait, in what order, and what the log cannot show. */
import { DUB_DELIVERY_LOG_SIZE, readDubDeliveryLog, type DubDeliveryLogRow } from '../../shared';

function row(eventN: number, status: number, minute: number, eventId = `evt_${eventN}`): DubDeliveryLogRow {
  return {
    event_id: eventId,
    event: 'lead.created',
    http_status: status,
    request_body: { id: `evt_${eventN}`, event: 'lead.created', createdAt: new Date(Date.UTC(2026, 11, 6, 8, eventN)).toISOString(), data: {} },
    response_body: '',
    timestamp: new Date(Date.UTC(2026, 11, 6, 10, minute)).toISOString(),
  };
}

test('an event with any 2xx attempt is delivered; the others wait once each, in the order Dub created them', () => {
  // Newest first: event 3 failed twice, event 1 failed then succeeded, event 2 failed.
  const reading = readDubDeliveryLog([row(3, 503, 9), row(1, 200, 8), row(3, 500, 7), row(2, 500, 6), row(1, 500, 5)]);
  expect(reading.undelivered.map((event) => [event.id, event.attempts])).toEqual([['evt_2', 1], ['evt_3', 2]]);
  expect(reading.delivered).toEqual(['evt_1']);
  expect(reading.failedSinceLastSuccess).toBe(1);
  expect(reading.mayMissOlder).toBe(false);
});

test("the payload's own id is the key: older Dub code logged a random event_id", () => {
  const reading = readDubDeliveryLog([row(1, 200, 2, 'random_b'), row(1, 500, 1, 'random_a')]);
  expect(reading.undelivered).toEqual([]);
});

test('a full log with no success may hide older failures, and says from when; a row that is no envelope is counted, not sent', () => {
  const rows = Array.from({ length: DUB_DELIVERY_LOG_SIZE }, (_, index) => row(index % 50, 503, DUB_DELIVERY_LOG_SIZE - index));
  const reading = readDubDeliveryLog([...rows.slice(0, -1), { ...row(0, 500, 0), request_body: 'not json' }]);
  expect(reading).toMatchObject({ mayMissOlder: true, failedSinceLastSuccess: DUB_DELIVERY_LOG_SIZE, unreadable: 1, oldestAttemptAt: row(0, 500, 0).timestamp });
  expect(reading.undelivered).toHaveLength(50);
});
