/**
 * A value typed in the panel that the address would not take is refused: the panel keeps the
 * value it had (issue 15: a bad ball count used to restart with the app's default, losing the
 * good one). The address's message says what is wrong; where it names the value it falls back
 * to, that is the value kept, so the message never promises what the panel does not do.
 */
import { type Message, message } from '../core/message.ts';

/** `warning` (from parsing the edited address) as the panel's refusal, keeping `kept`. */
export function panelRefusal(warning: Message, kept: string): Message {
  const values = warning.values ?? {};
  switch (warning.code) {
    // More balls than the limit: refused (the address would clamp; the panel keeps its count).
    case 'url.n-too-many':
      return message('url.n-invalid', { ...values, fallback: kept });
    // One bad rate in a list: the whole list is refused, not only that rate.
    case 'url.lr-invalid-dropped':
      return message('url.lr-invalid', { ...values, fallback: kept });
    case 'url.groups-dropped':
      return message('url.groups-kept', { problem: values.problem ?? '' });
    case 'url.groups-item':
      return message('url.groups-item-kept', values);
    default:
      return values.fallback !== undefined ? message(warning.code, { ...values, fallback: kept }) : warning;
  }
}
