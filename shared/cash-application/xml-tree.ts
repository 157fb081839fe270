import { SaxesParser } from 'saxes';

/** One element of a captured subtree: its local name, attributes, text and children. */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: XmlNode[];
  /** Line of the start tag in the file. */
  line: number;
}

export type XmlEvent =
  | { type: 'root'; name: string; namespace: string; line: number }
  | { type: 'open'; path: readonly string[]; line: number }
  | { type: 'subtree'; path: readonly string[]; node: XmlNode };

/** Why the bytes are not a readable XML document: not XML at all, or cut off before its end. */
export class XmlReadError extends Error {
  constructor(
    readonly kind: 'not_xml' | 'truncated',
    message: string,
    readonly line: number | undefined,
  ) {
    super(message);
  }
}

const localName = (qualified: string): string => qualified.slice(qualified.indexOf(':') + 1);

/**
 * Streams an XML document and yields, in document order, its root, the opening of each element for
 * which `announce(path)` is true, and each element for which `capture(path)` is true as a small tree
 * (so a statement of 100,000 entries is held one entry at a time). Paths are local names from the root.
 */
export async function* readXml(
  chunks: AsyncIterable<Buffer | string>,
  options: { capture(path: readonly string[]): boolean; announce(path: readonly string[]): boolean; maxDepth?: number },
): AsyncGenerator<XmlEvent> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const maxDepth = options.maxDepth ?? 64;
  const path: string[] = [];
  const building: XmlNode[] = [];
  let captureDepth = -1;
  let pending: XmlEvent[] = [];
  let failure: Error | undefined;
  let sawRoot = false;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    path.push(name);
    if (path.length > maxDepth) throw new XmlReadError('not_xml', `Elements are nested deeper than ${maxDepth} levels`, parser.line);
    if (!sawRoot) {
      sawRoot = true;
      pending.push({ type: 'root', name, namespace: tag.uri, line: parser.line });
    }
    if (captureDepth >= 0) {
      const node: XmlNode = { name, attrs: attributes(tag.attributes), text: '', children: [], line: parser.line };
      building.at(-1)!.children.push(node);
      building.push(node);
    } else if (options.capture(path)) {
      captureDepth = path.length;
      building.push({ name, attrs: attributes(tag.attributes), text: '', children: [], line: parser.line });
    } else if (options.announce(path)) {
      pending.push({ type: 'open', path: [...path], line: parser.line });
    }
  });
  const onText = (text: string) => {
    if (captureDepth >= 0) building.at(-1)!.text += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    if (captureDepth >= 0) {
      const node = building.pop()!;
      node.text = node.text.trim();
      if (path.length === captureDepth) {
        captureDepth = -1;
        pending.push({ type: 'subtree', path: [...path], node });
      }
    }
    path.pop();
  });

  const fail = (error: Error): never => {
    if (error instanceof XmlReadError) throw error;
    throw new XmlReadError('not_xml', `Not well-formed XML: ${error.message}`, parser.line);
  };
  // One decoder for the whole stream: a chunk may end inside a multi-byte character (ü in a payer's name).
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    try {
      parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    } catch (error) {
      fail(error instanceof Error ? error : new Error(String(error)));
    }
    if (failure) fail(failure);
    if (!sawRoot && parser.position > 4096) throw new XmlReadError('not_xml', 'No XML element in the first 4 KiB', 1);
    const out = pending;
    pending = [];
    yield* out;
  }
  try {
    const rest = decoder.decode();
    if (rest !== '') parser.write(rest);
    parser.close();
  } catch (error) {
    failure ??= error instanceof Error ? error : new Error(String(error));
  }
  yield* pending;
  pending = [];
  if (!sawRoot) throw new XmlReadError('not_xml', 'The file holds no XML element', undefined);
  if (path.length > 0) throw new XmlReadError('truncated', `The file ends inside <${path.join('/')}>: it is truncated`, parser.line);
  if (failure) fail(failure);
}

function attributes(attrs: Record<string, { value: string } | string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, attribute] of Object.entries(attrs)) out[localName(key)] = typeof attribute === 'string' ? attribute : attribute.value;
  return out;
}

/** The first descendant at `path` (local names below `node`), or undefined. */
export function child(node: XmlNode | undefined, ...path: string[]): XmlNode | undefined {
  let current = node;
  for (const name of path) {
    current = current?.children.find((candidate) => candidate.name === name);
    if (!current) return undefined;
  }
  return current;
}

/** Every child named `name` at the end of `path`. */
export function children(node: XmlNode | undefined, ...path: string[]): XmlNode[] {
  const name = path.at(-1);
  const parent = child(node, ...path.slice(0, -1));
  return parent && name ? parent.children.filter((candidate) => candidate.name === name) : [];
}

export const textAt = (node: XmlNode | undefined, ...path: string[]): string | undefined => {
  const found = child(node, ...path);
  return found && found.text !== '' ? found.text : undefined;
};
