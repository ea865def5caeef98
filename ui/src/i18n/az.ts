// Azerbaijani (Latin script), one file an area (./az/); keys as in the English table (./en.ts).
import type { Table } from "../i18n";
import { common } from "./az/common";
import { cases } from "./az/cases";
import { caseFile } from "./az/caseFile";
import { admin } from "./az/admin";
import { report } from "./az/report";
import { lifecycle } from "./az/lifecycle";
import { exchange } from "./az/exchange";
import { relay } from "./az/relay";
import { releases } from "./az/releases";

export const az: Partial<Table> = { ...common, ...cases, ...caseFile, ...admin, ...report, ...lifecycle, ...exchange, ...relay, ...releases };
