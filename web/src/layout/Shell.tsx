import {
  ActionIcon,
  Burger,
  Group,
  NativeSelect,
  NavLink,
  Stack,
  Text,
  useComputedColorScheme,
  useMantineColorScheme,
  Button,
  Divider,
} from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';
import './shell.css';
import { Link, useLocation, useMatch, useNavigate } from 'react-router-dom';
import { useOrgs } from '../api/orgs';
import { useUser, useSession } from '../auth/session';
import { ErrorAlert } from '../components/feedback';

const ORG_SECTIONS = [
  ['secrets', 'Secrets'],
  ['teams', 'Teams'],
  ['projects', 'Projects'],
  ['integrations', 'Integrations'],
  ['audit', 'Audit log'],
] as const;

function ColorSchemeToggle() {
  // keepTransitions: switching otherwise injects a <style> that pauses transitions, which the CSP refuses.
  const { setColorScheme } = useMantineColorScheme({ keepTransitions: true });
  const scheme = useComputedColorScheme('light');
  const next = scheme === 'dark' ? 'light' : 'dark';
  return (
    <ActionIcon variant="default" size="lg" onClick={() => setColorScheme(next)} aria-label={`Use ${next} theme`}>
      <span aria-hidden="true">{scheme === 'dark' ? '☀' : '☾'}</span>
    </ActionIcon>
  );
}

/** The current org from the URL; elsewhere (account, admin) the last one visited. */
function useCurrentOrg(): string | undefined {
  const match = useMatch('/orgs/:org/*');
  const org = match?.params.org;
  if (org) sessionStorage.setItem('strongroom-org', org);
  return org ?? sessionStorage.getItem('strongroom-org') ?? undefined;
}

function OrgSwitcher({ current }: { current?: string }) {
  const orgs = useOrgs();
  const navigate = useNavigate();
  if (orgs.error) return <ErrorAlert error={orgs.error} title="Organizations" />;
  const names = (orgs.data ?? []).map((o) => o.name);
  // The section is read from the address bar when the choice is made: a navigation to a page whose
  // code is still loading has changed the URL before it renders, and the switch keeps what the URL says.
  const section = () => /^\/orgs\/[^/]+\/([^/]+)/.exec(window.location.pathname)?.[1] ?? 'secrets';
  return (
    <NativeSelect
      label="Organization"
      size="sm"
      value={current ?? ''}
      data={[
        ...(current ? [] : [{ value: '', label: 'Choose an organization' }]),
        ...(current && !names.includes(current) ? [current] : []),
        ...names,
      ]}
      onChange={(e) => void navigate(`/orgs/${encodeURIComponent(e.currentTarget.value)}/${section()}`)}
    />
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure();
  // Mantine's hiddenFrom needs its global classes, which the CSP keeps out: decide in script.
  const narrow = useMediaQuery('(max-width: 48em)');
  const user = useUser();
  const { signOut } = useSession();
  const org = useCurrentOrg();
  const location = useLocation();
  const orgPath = org ? `/orgs/${encodeURIComponent(org)}` : undefined;
  const link = (to: string, label: string) => (
    <NavLink
      key={to}
      component={Link}
      to={to}
      label={label}
      active={location.pathname === to || location.pathname.startsWith(`${to}/`)}
      onClick={close}
    />
  );
  return (
    <div className="shell">
      <header className="shell-header">
        <Group w="100%" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            {narrow && <Burger opened={opened} onClick={toggle} size="sm" aria-label="Toggle navigation" />}
            <Text fw={700} size="lg" component={Link} to="/" c="var(--mantine-color-text)" td="none">
              Strongroom
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" aria-label="Signed in as">
              {user.displayName}
            </Text>
            <ColorSchemeToggle />
            <Button variant="default" size="sm" onClick={() => void signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </header>
      <nav className="shell-nav" aria-label="Main" data-open={String(opened || !narrow)}>
        <Stack gap="xs">
          <OrgSwitcher current={org} />
          {orgPath && ORG_SECTIONS.map(([path, label]) => link(`${orgPath}/${path}`, label))}
          <Divider my="xs" />
          {link('/account/api-keys', 'My API keys')}
          {user.isAdmin && link('/admin/users', 'Users')}
        </Stack>
      </nav>
      <main className="shell-main">
        <Stack gap="md" maw={1200}>
          {children}
        </Stack>
      </main>
    </div>
  );
}
