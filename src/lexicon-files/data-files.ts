// The one loader of data files for every file edge (guard and triage lexicons,
// the complaint configuration, the bot's dialogs): read the file, then parse and
// validate it with the pure parseDataFile of src/contracts/data-file.ts. Every
// failure, an unreadable file included, is a DataFileError at file:line:col.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { DataFileError, parseDataFile, type LocatedData } from '../contracts/data-file.js';

/** A data file's text; an unreadable file is a DataFileError naming it. */
export function readDataFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new DataFileError([{ file, line: 1, column: 1, message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` }]);
  }
}

/** Reads a YAML data file and validates it with `schema`; throws DataFileError listing every problem at its line:col. */
export function loadDataFile<S extends z.ZodType>(file: string, schema: S): LocatedData<z.output<S>> {
  return parseDataFile(file, readDataFile(file), schema);
}
