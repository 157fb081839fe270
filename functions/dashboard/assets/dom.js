// @ts-check
/**
 * Builds DOM nodes. Text always goes in as text nodes (never parsed as HTML), and attributes are set
 * one by one, so nothing the API returns can become markup or script.
 */

/** @typedef {Node | string | number | null | undefined | false} Child */
/** @typedef {Record<string, string | number | boolean | null | undefined>} Attributes */

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attributes} [attributes] `class`, `id`, `data-*`, `aria-*`, … (never event handlers or style)
 * @param {Child[]} [children]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, attributes = {}, children = []) {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  append(element, children);
  return element;
}

const SVG = 'http://www.w3.org/2000/svg';

/**
 * @param {string} tag
 * @param {Attributes} [attributes]
 * @param {Child[]} [children]
 * @returns {SVGElement}
 */
export function svg(tag, attributes = {}, children = []) {
  const element = /** @type {SVGElement} */ (document.createElementNS(SVG, tag));
  setAttributes(element, attributes);
  append(element, children);
  return element;
}

/**
 * @param {Element} element
 * @param {Attributes} attributes
 */
function setAttributes(element, attributes) {
  for (const [name, value] of Object.entries(attributes)) {
    if (/^on/i.test(name) || name === 'style') throw new Error(`refusing to set ${name}`);
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
}

/**
 * @param {Element} element
 * @param {Child[]} children
 */
function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/**
 * A table with a caption and column headers; on a narrow screen each row stacks into a card whose cells
 * carry their column's name (`data-label`).
 * @param {{ caption: string, columns: string[], rows: Child[][], className?: string, rowHeaders?: boolean, numeric?: number[] }} spec
 *   `numeric`: indexes of columns to right-align; `rowHeaders`: the first cell of each row is its header
 */
export function table({ caption, columns, rows, className = 'data', rowHeaders = false, numeric = [] }) {
  const head = el('thead', {}, [el('tr', {}, columns.map((column, index) => el('th', { scope: 'col', class: numeric.includes(index) ? 'num' : null }, [column])))]);
  const body = el(
    'tbody',
    {},
    rows.map((cells) =>
      el(
        'tr',
        {},
        cells.map((cell, index) =>
          el(rowHeaders && index === 0 ? 'th' : 'td', { scope: rowHeaders && index === 0 ? 'row' : null, 'data-label': columns[index] ?? '', class: numeric.includes(index) ? 'num' : null }, [cell]),
        ),
      ),
    ),
  );
  // Focusable and named, so a keyboard can scroll a table wider than the screen.
  return el('div', { class: 'table-wrap', role: 'region', 'aria-label': caption, tabindex: 0 }, [el('table', { class: className }, [el('caption', {}, [caption]), head, body])]);
}

/**
 * @param {string} text
 * @returns {HTMLParagraphElement}
 */
export function note(text) {
  return el('p', { class: 'note' }, [text]);
}
