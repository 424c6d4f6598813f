import type { HTMLAttributes } from 'react';
import { cn } from '@/lib/cn';

export interface CardProps extends HTMLAttributes<HTMLElement> {
  /** The element to render, so a card can be the `<article>` or `<section>` its content needs. */
  as?: 'div' | 'article' | 'section';
}

/** A bordered surface; layout inside is the caller's. */
export function Card({ as: Tag = 'div', className, ...props }: CardProps) {
  return (
    <Tag
      className={cn('rounded-card border border-line bg-surface shadow-card', className)}
      {...props}
    />
  );
}
