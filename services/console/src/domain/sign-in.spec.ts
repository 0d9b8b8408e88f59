import { parseSignIn, SignInError } from './sign-in';

describe('parseSignIn', () => {
  it('accepts a user id and known roles, once each', () => {
    expect(parseSignIn({ user: 'u-carol', roles: ['approver', 'planner', 'planner'] })).toEqual({ user: 'u-carol', roles: ['approver', 'planner'] });
  });

  it.each([
    [{ roles: ['planner'] }],
    [{ user: 'a b', roles: ['planner'] }],
    [{ user: 'u', roles: [] }],
    [{ user: 'u', roles: ['root'] }],
    [null],
  ])('refuses %j', (body) => {
    expect(() => parseSignIn(body)).toThrow(SignInError);
  });
});
