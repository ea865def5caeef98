// Russian, one file an area (./ru/); keys as in the English table (./en.ts).
import type { Table } from "../i18n";
import { common } from "./ru/common";
import { cases } from "./ru/cases";
import { caseFile } from "./ru/caseFile";
import { admin } from "./ru/admin";
import { report } from "./ru/report";
import { lifecycle } from "./ru/lifecycle";
import { exchange } from "./ru/exchange";
import { relay } from "./ru/relay";
import { releases } from "./ru/releases";

export const ru: Partial<Table> = { ...common, ...cases, ...caseFile, ...admin, ...report, ...lifecycle, ...exchange, ...relay, ...releases };
