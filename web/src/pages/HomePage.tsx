import { Stack, Text, Title } from '@mantine/core';
import { Navigate } from 'react-router-dom';
import { useOrgs } from '../api/orgs';
import { useUser } from '../auth/session';
import { ErrorAlert } from '../components/feedback';
import { Loading } from '../App';

/** Lands in the last org visited, else the user's first team org past Default (where everyone is), else any. */
export default function HomePage() {
  const user = useUser();
  const orgs = useOrgs();
  const last = sessionStorage.getItem('strongroom-org');
  const first = last ?? user.orgs.find((o) => o.name !== 'Default')?.name ?? user.orgs[0]?.name ?? orgs.data?.[0]?.name;
  if (first) return <Navigate to={`/orgs/${encodeURIComponent(first)}/secrets`} replace />;
  if (orgs.isPending) return <Loading />;
  return (
    <Stack>
      <Title order={1}>Welcome</Title>
      <ErrorAlert error={orgs.error} />
      <Text>
        You are not in any organization yet. Ask an organization owner or an administrator to add you to a team.
      </Text>
    </Stack>
  );
}
