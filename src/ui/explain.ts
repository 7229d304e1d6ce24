/** Words for the panel's controls beyond their names: a hover explanation, an example to type. */
import type { Controller } from 'lil-gui';
import { type StringKey, t } from '../i18n/index.ts';

/** Gives a control its explanation on hover (the `title` of its whole row, name and widget). */
export function explain(
  controller: Controller,
  key: StringKey,
  values?: Readonly<Record<string, string | number>>,
): Controller {
  controller.domElement.title = t(key, values);
  return controller;
}

/** An example in an empty text field, so that it says what to type. */
export function placeholder(controller: Controller, key: StringKey): Controller {
  controller.domElement.querySelector('input')?.setAttribute('placeholder', t(key));
  return controller;
}
