// Vitest setup: every test starts with the core's word lists installed.
import { beforeEach } from "vitest";
import { installTestVocabularies } from "./vocabularies";

beforeEach(() => installTestVocabularies());
