import type { RouteMode } from '../model/flag.js';

/** The live route table as the control plane reads it (the proxy's RouteTable is one). */
export interface LiveRoutes {
  readonly routes: readonly {
    readonly id: string;
    readonly config: { readonly methods: readonly string[]; readonly path: string };
    readonly flag: { readonly mode: RouteMode; readonly percent: number; readonly sample: number };
  }[];
}
