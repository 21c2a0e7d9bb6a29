import { SignupForm } from '@/components/auth/signup-form';

export default function SignupPage() {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold">Create your account</h1>
        <p className="mt-1 text-sm text-slate-500">You will own a new organization. Joining an existing one? Use the invite link your admin sent you.</p>
      </div>
      <SignupForm />
    </div>
  );
}
