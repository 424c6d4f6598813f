import { useEffect, useState, type RefObject } from 'react';

export interface ElementMetrics {
  width: number;
  /** Distance from the top of the document: a window virtualizer's `scrollMargin`. */
  top: number;
}

/**
 * Width and document offset of an element, kept current as the window or anything above it (a
 * wrapping filter bar, a banner) changes size.
 */
export function useElementMetrics(ref: RefObject<HTMLElement | null>): ElementMetrics {
  const [metrics, setMetrics] = useState<ElementMetrics>({ width: 0, top: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const rect = el.getBoundingClientRect();
      const next = { width: Math.round(rect.width), top: Math.round(rect.top + window.scrollY) };
      setMetrics((prev) => (prev.width === next.width && prev.top === next.top ? prev : next));
    };
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    // Content above the element changes the body's height, not the element's.
    observer.observe(document.body);
    window.addEventListener('resize', measure);
    measure();
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, [ref]);
  return metrics;
}
