// A virtualised list: fixed-height rows, only the visible ones (plus overscan) are in the DOM, so
// ten thousand items cost as much as forty. Rows are keyed: a row that stays visible keeps its
// element, and with it the keyboard focus and any text selection inside.

import { h } from './dom.js';

export class VirtualList {
  /**
   * @param scroller the scrolling element (it should hold `body` after a sticky header)
   * @param body the element rows are placed in; its height is set to hold every row
   * @param opts {rowHeight, overscan, key(item), createRow() -> element, updateRow(el, item, index)}
   */
  constructor(scroller, body, opts) {
    this.scroller = scroller;
    this.body = body;
    this.opts = { overscan: 8, ...opts };
    this.items = [];
    this.rows = new Map(); // key -> element currently shown
    this.pool = [];
    this.pending = false;
    this.onScroll = () => this.schedule();
    scroller.addEventListener('scroll', this.onScroll, { passive: true });
    this.resize = new ResizeObserver(() => this.schedule());
    this.resize.observe(scroller);
  }

  setItems(items) {
    this.items = items;
    this.body.style.height = `${items.length * this.opts.rowHeight}px`;
    this.render();
  }

  schedule() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.render();
    });
  }

  /** The range of item indexes to show. */
  window() {
    const { rowHeight, overscan } = this.opts;
    // The body may sit below a header inside the scroller.
    const top = Math.max(0, this.scroller.scrollTop - this.body.offsetTop);
    const height = this.scroller.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
    const last = Math.min(this.items.length, Math.ceil((top + height) / rowHeight) + overscan);
    return [first, last];
  }

  render() {
    const { rowHeight, key, createRow, updateRow } = this.opts;
    const [first, last] = this.window();
    const keep = new Map();
    for (let i = first; i < last; i++) {
      const item = this.items[i];
      const k = key(item);
      let el = this.rows.get(k);
      if (el) this.rows.delete(k);
      else el = this.pool.pop() || createRow();
      keep.set(k, el);
      const y = `translateY(${i * rowHeight}px)`;
      if (el.style.transform !== y) el.style.transform = y;
      updateRow(el, item, i);
      if (el.parentNode !== this.body) this.body.appendChild(el);
    }
    for (const el of this.rows.values()) {
      // A focused row scrolled away: keep focus on the list rather than losing it to <body>.
      if (el.contains(document.activeElement)) this.scroller.focus({ preventScroll: true });
      el.remove();
      this.pool.push(el);
    }
    this.rows = keep;
  }

  /** Scrolls so that the item at index is visible. */
  reveal(index) {
    const { rowHeight } = this.opts;
    const top = this.body.offsetTop + index * rowHeight;
    if (top < this.scroller.scrollTop || top + rowHeight > this.scroller.scrollTop + this.scroller.clientHeight) {
      this.scroller.scrollTop = top - rowHeight;
    }
  }

  destroy() {
    this.scroller.removeEventListener('scroll', this.onScroll);
    this.resize.disconnect();
  }
}

/** A row element factory helper: cells with role="cell" and a class. */
export function cell(cls, ...children) {
  return h('div', { role: 'cell', class: ['cell', cls] }, ...children);
}
