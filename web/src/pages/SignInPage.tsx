import { Alert, Button, Center, Divider, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/feedback';

/** One form, two ways in: a username and password, or an API key (which wins when filled in). */
export function SignInPage() {
  const { signIn, notice } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    if (!apiKey.trim() && (!username.trim() || !password)) {
      setError(new Error('Enter a username and password, or an API key.'));
      return;
    }
    setBusy(true);
    try {
      await signIn(apiKey.trim() ? { apiKey } : { username: username.trim(), password });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w={420} maw="100%">
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack>
            <Title order={1} size="h2">
              Sign in to Strongroom
            </Title>
            {notice && (
              <Alert color="blue" role="status">
                {notice}
              </Alert>
            )}
            <TextInput
              label="Username"
              autoComplete="username"
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Divider label="or" labelPosition="center" />
            <PasswordInput
              label="API key"
              autoComplete="off"
              value={apiKey}
              onChange={(e) => setApiKey(e.currentTarget.value)}
            />
            <ErrorAlert error={error} title="Sign-in failed" />
            <Button type="submit" loading={busy}>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
