/**
 * The panel's speed choices: steps per second on a roughly logarithmic scale, and "max". The
 * current speed is always among them (a URL can ask for any number in range).
 */
import { DEFAULT_SPEED, formatSpeed } from '../core/url-state.ts';
import { t } from '../i18n/index.ts';
import { ltr } from './bidi.ts';

/** Steps per second offered, slow enough to follow one step, fast enough for a long run. */
export const SPEED_STEPS = [1, 2, DEFAULT_SPEED, 10, 20, 50, 100, 200, 500, 1000] as const;

/** lil-gui's option list, shown name to value (`formatSpeed`'s text, as the URL writes it). */
export function speedChoices(current: number): Record<string, string> {
  const speeds = [...new Set<number>([...SPEED_STEPS, current])]
    .filter((speed) => speed !== Number.POSITIVE_INFINITY)
    .sort((a, b) => a - b);
  const choices: Record<string, string> = {};
  for (const speed of speeds) {
    const name = t(speed === 1 ? 'time.speed-one' : 'time.speed-value', {
      value: ltr(speed.toLocaleString('en')),
    });
    choices[name] = formatSpeed(speed);
  }
  choices[t('time.speed-max')] = formatSpeed(Number.POSITIVE_INFINITY);
  return choices;
}
