/** The simulation worker: one comlink API, all of it delegated to SimRuntime. */
import * as Comlink from 'comlink';
import { SimRuntime } from '../src/worker/runtime.ts';

Comlink.expose(new SimRuntime());
