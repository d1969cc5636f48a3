/**
 * Rings the terminal (config `notify`) once when something starts paging: an SLO whose status
 * becomes `page`, or a critical alert that starts firing unacked. Not on every refresh, not for
 * acked or silenced alerts, not for what already paged at the first data after start or after
 * `:ctx` (see `domain/new-pages.ts`).
 */
import {useEffect, useRef} from 'react';
import {NO_PAGES, checkPages, type PageMemory} from '../../domain/new-pages.ts';
import {notifyBytes, type NotifyStyle} from '../../platform/terminal-links.ts';
import type {DashboardData} from './use-dashboard-data.ts';

/** Watches the SLO and alert data of `context` and writes the notification with `writeRaw`. */
export function usePageBell(data: Pick<DashboardData, 'slos' | 'alerts'>, context: string, style: NotifyStyle, writeRaw: (bytes: string) => void): void {
  const seen = useRef<{context: string; pages: PageMemory}>({context, pages: NO_PAGES});
  // Only successful data counts: a failed poll keeps the last good data, the same object.
  const slos = data.slos.data?.reports ?? null;
  const alerts = data.alerts.data?.alerts ?? null;
  useEffect(() => {
    if (style === 'off') return;
    if (seen.current.context !== context) seen.current = {context, pages: NO_PAGES};
    const check = checkPages(seen.current.pages, {slos, alerts});
    seen.current.pages = check.memory;
    if (check.fresh.length > 0) writeRaw(notifyBytes(style, `oncall: now paging: ${[...new Set(check.fresh)].join(', ')}`));
  }, [slos, alerts, context, style]);
}
