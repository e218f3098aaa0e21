import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { useOrgName } from '../../api/orgs';
import { AuditTable } from '../../components/AuditTable';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { CopyValue, ErrorAlert } from '../../components/feedback';
import { DetailsTable, Section } from '../../components/Section';
import { Loading } from '../../App';
import { AccessRules } from './AccessRules';
import { RevealValue } from './RevealValue';
import { SecretSettings } from './SecretSettings';
import { TYPE_LABELS } from './secret-types';

export function secretKey(org: string, name: string) {
  return ['secret', org, name];
}

function PublicKey({ org, name }: { org: string; name: string }) {
  const key = useQuery({
    queryKey: [...secretKey(org, name), 'public'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/org/{orgName}/secret/{secretName}/public', {
          params: { path: { orgName: org, secretName: name } },
        }),
      ),
  });
  return (
    <Section title="Public key">
      <ErrorAlert error={key.error} title="Could not read the public key" />
      {key.data && (
        <Group wrap="nowrap" align="flex-start">
          <Text ff="monospace" size="xs" style={{ wordBreak: 'break-all', flex: 1 }}>
            {key.data.publicKey}
          </Text>
          <CopyValue value={key.data.publicKey} label="public key" />
        </Group>
      )}
    </Section>
  );
}

export default function SecretPage() {
  const org = useOrgName();
  const { name = '' } = useParams();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const secret = useQuery({
    queryKey: secretKey(org, name),
    queryFn: () =>
      unwrap(
        api.GET('/api/v2/org/{orgName}/secret/{secretName}', { params: { path: { orgName: org, secretName: name } } }),
      ),
  });
  const remove = useMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE('/api/v1/org/{orgName}/secret/{secretName}', {
          params: { path: { orgName: org, secretName: name } },
        }),
      ),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['secrets', org] });
      void navigate(`/orgs/${encodeURIComponent(org)}/secrets`);
    },
  });

  if (secret.isPending) return <Loading />;
  if (secret.error || !secret.data)
    return (
      <Stack>
        <Title order={1}>{name}</Title>
        <ErrorAlert error={secret.error} title="Could not open the secret" />
      </Stack>
    );
  const s = secret.data;
  const details: Array<[string, string]> = [
    ['Type', TYPE_LABELS[s.type]],
    ['Visibility', s.visibility === 'PRIVATE' ? 'Private' : 'Public'],
    ['Encrypted with', s.encryptedBy === 'PASSWORD' ? 'A store password' : 'The server key'],
    ['Owner', s.owner ? `${s.owner.displayName ?? s.owner.username} (${s.owner.username})` : '—'],
    ['Organization', s.orgName],
    ['Projects', s.projects.map((p) => p.name).join(', ') || 'None: the whole organization'],
    ['CI events', s.events?.join(', ') || 'Every event'],
    ['CI images', s.images?.join(', ') || 'Any image'],
    ['Created', new Date(s.createdAt).toLocaleString()],
    ['Last updated', s.lastUpdatedAt ? new Date(s.lastUpdatedAt).toLocaleString() : '—'],
  ];
  return (
    <Stack>
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={1}>{s.name}</Title>
          <Badge variant="light">{TYPE_LABELS[s.type]}</Badge>
        </Group>
        <ConfirmDelete what={`the secret “${s.name}”`} mutation={remove} />
      </Group>
      <Section title="Details">
        <DetailsTable label="Secret details" rows={details} />
      </Section>
      {s.type === 'KEY_PAIR' && <PublicKey org={org} name={s.name} />}
      <RevealValue org={org} secret={s} />
      <AccessRules org={org} secret={s} />
      <SecretSettings key={s.name} org={org} secret={s} />
      <Section title="History">
        <AuditTable label={`History of ${s.name}`} filter={{ object: 'SECRET', 'details.secretId': s.id }} />
      </Section>
    </Stack>
  );
}
