import { dubPostbackService } from '../dub/postbacks';
import { parseServiceDelivery } from '../delivery/parse-delivery';
import { parseDelivery } from '../delivery/services';
import { EXIT, UsageError, printJson, type CliIo } from './io';
import { providerOption, type ParsedOptions } from './options';

/** `linkhooks normalize`: a delivery body on stdin → the normalized event on stdout. */
export async function normalizeCommand(values: ParsedOptions, io: CliIo): Promise<number> {
  const provider = providerOption(values);
  if (values.signature !== undefined && values.secret === undefined) {
    throw new UsageError('--signature needs --secret to check it against');
  }
  if (values.postback && provider !== 'dub') throw new UsageError('--postback is for Dub partner postbacks: use it with --provider dub');
  const body = await io.readStdin();
  const delivery = {
    provider,
    headers: values.signature === undefined ? {} : { 'dub-signature': values.signature },
    body,
    ...(values.secret === undefined ? {} : { secret: values.secret }),
    ...(values.url === undefined ? {} : { url: values.url }),
  };
  // A partner postback is read with the postback schemas (the partner's view), and marked as one.
  const result = values.postback ? parseServiceDelivery(dubPostbackService, delivery) : parseDelivery(delivery);
  if (!result.ok) {
    io.err(`${result.error.message}\n`);
    return result.error.httpStatus === 401 ? EXIT.badSignature : EXIT.invalidPayload;
  }
  if (!result.entry) {
    io.err(`${provider === 'dub' ? 'Dub' : 'Linkly'} sent an event named "${result.eventName ?? '(none)'}", which this connector does not know.\n`);
    return EXIT.invalidPayload;
  }
  const { unreadFields } = result.event;
  if (unreadFields.length > 0) {
    io.err(`Read with ${unreadFields.length} field(s) not in the expected form: ${unreadFields.map((field) => field.path).join(', ')} (see unreadFields).\n`);
  }
  printJson(io, result.event);
  return EXIT.ok;
}
