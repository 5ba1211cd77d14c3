// Typed errors of the OpenStreetMap importer. Each carries the context a user needs to act
// on it in one line (the CLI prints `err.message` and exits 1; nothing is written to the DB).

/** Base class: anything the importer rejects. */
export class OsmImportError extends Error {
  override name = "OsmImportError";
}

/** The file could not be read (missing, a directory, no permission). */
export class OsmFileError extends OsmImportError {
  override name = "OsmFileError";
  constructor(readonly path: string, reason: string) {
    super(`Cannot read OSM file ${path}: ${reason}`);
  }
}

/** The text is not well-formed XML, or is XML but not an OSM XML 0.6 document. */
export class OsmFormatError extends OsmImportError {
  override name = "OsmFormatError";
  constructor(readonly source: string, reason: string) {
    super(`${source} is not an OpenStreetMap XML file: ${reason}`);
  }
}

/** The OSM data holds no usable campus boundary (or the requested one is missing/unclosed). */
export class OsmBoundaryError extends OsmImportError {
  override name = "OsmBoundaryError";
  constructor(readonly source: string, reason: string) {
    super(`${source}: no campus boundary: ${reason}`);
  }
}
