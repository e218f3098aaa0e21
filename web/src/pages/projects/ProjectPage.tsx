import { Group, Stack, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { useOrgName } from '../../api/orgs';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { ErrorAlert } from '../../components/feedback';
import { DetailsTable, Section } from '../../components/Section';
import { Loading } from '../../App';
import { ProjectAccessRules } from './ProjectAccessRules';

export default function ProjectPage() {
  const org = useOrgName();
  const { project = '' } = useParams();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const path = { orgName: org, projectName: project };
  const p = useQuery({
    queryKey: ['project', org, project],
    queryFn: () => unwrap(api.GET('/api/v2/org/{orgName}/project/{projectName}', { params: { path } })),
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/org/{orgName}/project/{projectName}', { params: { path } })),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['projects', org] });
      void navigate(`/orgs/${encodeURIComponent(org)}/projects`);
    },
  });
  if (p.isPending) return <Loading />;
  const data = p.data;
  const repoId: unknown = data?.meta?.woodpeckerRepoId;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Project {project}</Title>
        <ConfirmDelete what={`the project “${project}”`} mutation={remove} />
      </Group>
      <ErrorAlert error={p.error} title="Could not open the project" />
      {data && (
        <>
          <Section title="Details">
            <DetailsTable
              label="Project details"
              rows={[
                ['Visibility', data.visibility === 'PRIVATE' ? 'Private' : 'Public'],
                ['Owner', data.owner?.username ?? '—'],
                ['Description', data.description ?? '—'],
                [
                  'Woodpecker repository id',
                  typeof repoId === 'number' || typeof repoId === 'string' ? String(repoId) : '—',
                ],
                ['Created', new Date(data.createdAt).toLocaleString()],
              ]}
            />
          </Section>
          <ProjectAccessRules org={org} project={project} />
        </>
      )}
    </Stack>
  );
}
