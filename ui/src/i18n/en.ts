// The English table, the reference for every other language: one file an area (./en/).
import { common } from "./en/common";
import { cases } from "./en/cases";
import { caseFile } from "./en/caseFile";
import { admin } from "./en/admin";
import { report } from "./en/report";
import { lifecycle } from "./en/lifecycle";
import { exchange } from "./en/exchange";
import { relay } from "./en/relay";
import { releases } from "./en/releases";

export const en = { ...common, ...cases, ...caseFile, ...admin, ...report, ...lifecycle, ...exchange, ...relay, ...releases } as const;
