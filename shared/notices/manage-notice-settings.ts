import { NotFoundError, ValidationError } from '../kernel/index.js';
import { brandingSchema, isAllowedSender, type Branding, type BrandingInput } from './branding.js';
import { defaultTemplates } from './default-templates.js';
import { noticeLanguages, type NoticeLanguage } from './language.js';
import { templateInputSchema, validateTemplate, type StoredTemplate } from './templates.js';
import { templateKinds, type TemplateKind } from './template-kinds.js';
import type { NoticesDeps } from './deps.js';

type Deps = Pick<NoticesDeps, 'noticeSettings' | 'clock' | 'senderIdentities'>;

/**
 * Stores a tenant's branding. A sender address must be at one of the deployment's verified tenant
 * sender identities: SES refuses any other From address, so the mistake is caught here, not at send time.
 */
export async function saveBranding(deps: Deps, tenantId: string, input: BrandingInput): Promise<Branding & { updatedAt: string }> {
  const branding = brandingSchema.parse(input);
  if (branding.senderEmail && !isAllowedSender(branding.senderEmail, deps.senderIdentities)) {
    throw new ValidationError('The sender address is not at a verified sender identity of this deployment', [
      {
        path: 'senderEmail',
        message: deps.senderIdentities.length > 0
          ? `must be at ${deps.senderIdentities.join(', ')} (add the domain to tenantSenderIdentities in the deployment config first)`
          : 'this deployment has no tenant sender identities (tenantSenderIdentities in the deployment config); notices come from its default sender',
      },
    ]);
  }
  const updatedAt = deps.clock.now().toISOString();
  await deps.noticeSettings.putBranding(tenantId, branding, updatedAt);
  return { ...branding, updatedAt };
}

export async function getBranding(deps: Pick<Deps, 'noticeSettings'>, tenantId: string): Promise<(Branding & { updatedAt: string }) | { colours: Record<string, never> }> {
  return (await deps.noticeSettings.branding(tenantId)) ?? { colours: {} };
}

export interface TemplateView {
  kind: TemplateKind;
  language: NoticeLanguage;
  subject: string;
  body: string;
  /** 'tenant' when the tenant stored its own wording, else 'default'. */
  source: 'tenant' | 'default';
  updatedAt?: string;
}

/** Every template kind in every language: the tenant's wording where it has one, else arflow's. */
export async function listTemplates(deps: Pick<Deps, 'noticeSettings'>, tenantId: string): Promise<TemplateView[]> {
  const overrides = await deps.noticeSettings.templates(tenantId);
  return templateKinds.flatMap((kind) =>
    noticeLanguages.map((language): TemplateView => {
      const own = overrides.find((stored) => stored.kind === kind && stored.language === language);
      return own ? { ...own, source: 'tenant' } : { kind, language, ...defaultTemplates[language][kind], source: 'default' };
    }),
  );
}

export async function getTemplate(deps: Pick<Deps, 'noticeSettings'>, tenantId: string, kind: TemplateKind, language: NoticeLanguage): Promise<TemplateView> {
  return (await listTemplates(deps, tenantId)).find((view) => view.kind === kind && view.language === language)!;
}

/** Validates (mustache that parses, only escaped, known variables) and stores a tenant's template. */
export async function saveTemplate(deps: Deps, tenantId: string, kind: TemplateKind, language: NoticeLanguage, input: unknown): Promise<TemplateView> {
  const parsed = templateInputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError('The template is invalid', parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })));
  validateTemplate(kind, parsed.data);
  const stored: StoredTemplate = { kind, language, ...parsed.data, updatedAt: deps.clock.now().toISOString() };
  await deps.noticeSettings.putTemplate(tenantId, stored);
  return { ...stored, source: 'tenant' };
}

/** Goes back to arflow's wording. */
export async function resetTemplate(deps: Pick<Deps, 'noticeSettings'>, tenantId: string, kind: TemplateKind, language: NoticeLanguage): Promise<TemplateView> {
  if (!(await deps.noticeSettings.deleteTemplate(tenantId, kind, language))) throw new NotFoundError(`There is no ${kind} template of your own in ${language}`);
  return getTemplate(deps, tenantId, kind, language);
}
