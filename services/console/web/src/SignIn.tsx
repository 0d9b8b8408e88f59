// Signing in. With the local development secret the console mints a token for the user id and
// roles given here (for development only, and the form says so); with an identity provider
// configured people sign in there instead.
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, signIn, signInMode, type SessionInfo } from './api';

const ROLES = ['approver', 'planner', 'credit-controller', 'operator', 'governance', 'auditor'];

export function SignIn({ onSignedIn }: { onSignedIn: (session: SessionInfo) => void }) {
  const [mode, setMode] = useState<'development' | 'oidc' | undefined>();
  const [user, setUser] = useState('u-local-operator');
  const [roles, setRoles] = useState<string[]>(['approver', 'planner']);
  const [error, setError] = useState('');
  useEffect(() => {
    void signInMode().then(setMode);
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError('');
    try {
      onSignedIn(await signIn(user, roles));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  const toggle = (role: string) => setRoles((rs) => (rs.includes(role) ? rs.filter((r) => r !== role) : [...rs, role]));

  return (
    <main className="sign-in">
      <h1>Governor console</h1>
      {mode === 'oidc' ? (
        <>
          <p>This Governor takes tokens from your organisation&apos;s identity provider.</p>
          {/* A full navigation: the console's server sends the browser on to the provider. */}
          <a className="button" href="/session/oidc">
            Sign in with your identity provider
          </a>
        </>
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <h2>Development sign-in</h2>
          <p className="note">For development only: the console mints a token with the local development secret for whoever you say you are.</p>
          <label>
            User id
            <input name="user" value={user} onChange={(e) => setUser(e.target.value)} required autoComplete="username" />
          </label>
          <fieldset>
            <legend>Roles</legend>
            {ROLES.map((role) => (
              <label key={role} className="check">
                <input type="checkbox" name="roles" value={role} checked={roles.includes(role)} onChange={() => toggle(role)} />
                {role}
              </label>
            ))}
          </fieldset>
          <button type="submit">Sign in</button>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
        </form>
      )}
    </main>
  );
}
