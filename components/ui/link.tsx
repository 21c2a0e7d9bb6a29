'use client';

import NextLink from 'next/link';
import { useRouter } from 'next/navigation';
import type { ComponentProps } from 'react';

type LinkProps = ComponentProps<typeof NextLink>;

/**
 * `next/link` that prefetches on intent (hover or keyboard focus) instead of on sight.
 * Every console page is per-user and rendered on request, so Next's viewport prefetch made one
 * page view render every page its navigation links to (20 server renders for one visit to
 * /settings/sso). Use this instead of `next/link` (lib/conventions.test.ts checks it).
 */
export function Link({ href, prefetch, onMouseEnter, onFocus, ...props }: LinkProps) {
  const router = useRouter();
  const target = typeof href === 'string' && href.startsWith('/') ? href : null;
  const prefetchOnIntent = () => {
    if (target && prefetch !== false) router.prefetch(target);
  };
  return (
    <NextLink
      {...props}
      href={href}
      prefetch={false}
      onMouseEnter={(event) => {
        prefetchOnIntent();
        onMouseEnter?.(event);
      }}
      onFocus={(event) => {
        prefetchOnIntent();
        onFocus?.(event);
      }}
    />
  );
}
