// The shell: who is signed in, the navigation, and the current page.
import { lazy, Suspense, useEffect, useState } from 'react';
import { currentSession, signOut, type SessionInfo } from './api';
import { Link } from './Link';
import { navigate, usePath } from './router';
import { SignIn } from './SignIn';
import { Approvals } from './pages/Approvals';

const Domains = lazy(() => import('./pages/Domains'));
const Lineage = lazy(() => import('./pages/Lineage'));
const Scorecard = lazy(() => import('./pages/Scorecard'));
const Audit = lazy(() => import('./pages/Audit'));
const Agents = lazy(() => import('./pages/Agents'));
const Policies = lazy(() => import('./pages/Policies'));
const Models = lazy(() => import('./pages/Models'));

const PAGES = [
  { path: '/approvals', title: 'Approvals' },
  { path: '/domains', title: 'Domains' },
  { path: '/lineage', title: 'Lineage' },
  { path: '/scorecard', title: 'Scorecard' },
  { path: '/audit', title: 'Audit' },
  { path: '/agents', title: 'Agents' },
  { path: '/policies', title: 'Policies' },
  { path: '/models', title: 'Models' },
] as const;

export function App() {
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const path = usePath();
  useEffect(() => {
    void currentSession().then((s) => setSession(s ?? null));
  }, []);
  const section = '/' + (path.split(/[/?]/)[1] ?? '');
  const current = PAGES.find((p) => p.path === section) ?? PAGES[0];
  useEffect(() => {
    document.title = `${current.title} · Governor console`;
  }, [current]);

  if (session === undefined) return <p className="loading">Loading…</p>;
  if (session === null) return <SignIn onSignedIn={setSession} />;

  const out = async () => {
    await signOut();
    setSession(null);
    navigate('/');
  };
  return (
    <>
      <header className="top">
        <span className="brand">Governor</span>
        <nav aria-label="Pages">
          <ul>
            {PAGES.map((p) => (
              <li key={p.path}>
                <Link to={p.path} current={p === current}>
                  {p.title}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <span className="who">
          {session.user} ({session.roles.join(', ')}) <button onClick={() => void out()}>Sign out</button>
        </span>
      </header>
      <main>
        <Suspense fallback={<p className="loading">Loading…</p>}>{page(current.path, path)}</Suspense>
      </main>
    </>
  );
}

function page(section: string, path: string) {
  switch (section) {
    case '/domains':
      return <Domains />;
    case '/lineage':
      return <Lineage actionId={decodeURIComponent(path.split('?')[0].split('/')[2] ?? '')} />;
    case '/scorecard':
      return <Scorecard />;
    case '/audit':
      return <Audit />;
    case '/agents':
      return <Agents />;
    case '/policies':
      return <Policies />;
    case '/models':
      return <Models modelId={decodeURIComponent(path.split('?')[0].split('/')[2] ?? '') || undefined} />;
    default:
      return <Approvals />;
  }
}
