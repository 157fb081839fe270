/** A virtual timer of the local clock: when it is due, in which order it was set, what it runs. */
export interface VirtualTimer {
  at: number;
  seq: number;
  fire: () => void;
}

/**
 * Virtual timers by (due time, order set), a binary min-heap: the 10,000-invoice lifecycle benchmark
 * keeps 10,000 Waits pending, and a linear scan per fired timer made that quadratic. A cleared timer
 * stays in the heap until it reaches the top (it is no longer in the clock's map, so it is skipped).
 */
export class TimerHeap {
  private readonly items: { at: number; seq: number; id: number }[] = [];

  push(item: { at: number; seq: number; id: number }): void {
    const items = this.items;
    items.push(item);
    let index = items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(items[index]!, items[parent]!)) break;
      [items[index], items[parent]] = [items[parent]!, items[index]!];
      index = parent;
    }
  }

  peek(): { at: number; seq: number; id: number } | undefined {
    return this.items[0];
  }

  pop(): void {
    const items = this.items;
    const last = items.pop();
    if (items.length === 0 || !last) return;
    items[0] = last;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < items.length && before(items[left]!, items[smallest]!)) smallest = left;
      if (right < items.length && before(items[right]!, items[smallest]!)) smallest = right;
      if (smallest === index) return;
      [items[index], items[smallest]] = [items[smallest]!, items[index]!];
      index = smallest;
    }
  }
}

const before = (a: { at: number; seq: number }, b: { at: number; seq: number }) => a.at < b.at || (a.at === b.at && a.seq < b.seq);
