// Server data the administration pages share: the role/kind catalogue, units and users, each one react-query key
// so a change on one page refreshes the others. Typed by path from the OpenAPI document (docs/architecture.md,
// "Web API client").
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormInstance } from 'antd';
import { useMemo } from 'react';
import { ApiError, client, unwrap, type ApiOk } from '../app/api';
import { useI18n, type Lang } from '../app/i18n';
import { fieldLabel } from '../app/field-labels';
import { buildTree, fieldPath, pickLanguage, toUnitOptions } from './admin-utils';

export type UnitView = ApiOk<'/api/units'>[number];
export type UserView = ApiOk<'/api/users'>[number];

export interface Label {
  zh: string;
  en: string;
}

export interface Catalogue {
  roles: Record<string, Label>;
  unitKinds: Record<string, Label>;
}

export const adminKeys = {
  catalogue: ['admin', 'catalogue'] as const,
  units: ['admin', 'units'] as const,
  users: ['admin', 'users'] as const,
  audit: ['admin', 'audit'] as const,
};

export function useCatalogue() {
  return useQuery({ queryKey: adminKeys.catalogue, queryFn: (): Promise<Catalogue> => unwrap(client.GET('/api/roles')), staleTime: Infinity });
}

export function useUnits() {
  return useQuery({ queryKey: adminKeys.units, queryFn: () => unwrap(client.GET('/api/units')) });
}

export function useUsers() {
  return useQuery({ queryKey: adminKeys.users, queryFn: () => unwrap(client.GET('/api/users')) });
}

const NAME_ORDER = new Intl.Collator('zh-CN');

/** The unit tree and its TreeSelect options, rebuilt only when the list changes. */
export function useUnitTree() {
  const units = useUnits();
  // Siblings in Chinese collation order (pinyin), so a department is found where a reader expects it.
  const tree = useMemo(() => buildTree([...(units.data ?? [])].sort((a, b) => NAME_ORDER.compare(a.name, b.name))), [units.data]);
  const options = useMemo(() => toUnitOptions(tree), [tree]);
  const byId = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u])), [units.data]);
  return { units, tree, options, byId };
}

/** Invalidates everything the admin pages show after a change (a new unit changes user counts, audit, …). */
export function useRefreshAdmin() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: adminKeys.units }),
      qc.invalidateQueries({ queryKey: adminKeys.users }),
      qc.invalidateQueries({ queryKey: adminKeys.audit }),
    ]);
}

/** Label of a catalogue entry in the current language, falling back to its code for codes the catalogue lacks. */
export function useLabel() {
  const { lang } = useI18n();
  return (entries: Record<string, Label> | undefined, code: string) => {
    const l = entries?.[code];
    return l ? (lang === 'zh' ? l.zh : l.en) : code;
  };
}

/**
 * Puts a server 422's per-field errors onto the form's fields (architecture.md, Web: nothing typed is lost) and
 * returns the messages that name no field on this form, for an alert above it. Returns null when the error is
 * not a field validation error, so the caller shows it whole.
 */
export function applyFieldErrors(form: FormInstance, err: unknown, knownFields: readonly string[], lang: Lang): string[] | null {
  if (!(err instanceof ApiError) || err.errors.length === 0) return null;
  const unplaced: string[] = [];
  const byField = new Map<string, string[]>();
  for (const e of err.errors) {
    const message = pickLanguage(e.message, lang);
    if (knownFields.includes(e.field.split('.')[0])) byField.set(e.field, [...(byField.get(e.field) ?? []), message]);
    else unplaced.push(`${fieldLabel(e.field, lang)}${lang === 'zh' ? '：' : ': '}${message}`);
  }
  form.setFields([...byField].map(([field, errors]) => ({ name: fieldPath(field), errors })));
  return unplaced;
}
